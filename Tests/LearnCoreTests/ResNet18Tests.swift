import Foundation
import XCTest
@testable import LearnCore

final class ResNet18Tests: XCTestCase {
    /// The key list and shapes of torchvision's resnet18 state dict (10-class head).
    func torchvisionKeys() throws -> [(String, [Int])] {
        let text = try String(contentsOfFile: fixturesDirectory + "/resnet18_keys.txt", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t")
            let dims = parts[1].dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
            return (String(parts[0]), dims)
        }
    }

    /// The formula Tools/make_torch_fixtures.py used to fill the reference model.
    func formulaStateDict(_ keys: [(String, [Int])]) -> StateDict {
        var sd = StateDict()
        for (k, (name, shape)) in keys.enumerated() {
            let n = shape.reduce(1, *)
            let base = (0..<n).map { Foundation.sin(0.7 * Double($0) + 0.3 * Double(k) + 0.1) }
            let values: [Double]
            if name.hasSuffix("num_batches_tracked") { values = [0] }
            else if name.hasSuffix("running_mean") || name.hasSuffix("bias") { values = base.map { 0.1 * $0 } }
            else if name.hasSuffix("running_var") { values = base.map { 0.75 + 0.25 * $0 } }
            else if shape.count == 1 { values = base.map { 1 + 0.2 * $0 } }
            else {
                let fanIn = Double(shape.dropFirst().reduce(1, *))
                values = base.map { $0 * (3.0 / fanIn).squareRoot() }
            }
            sd[name] = Tensor(shape: shape, scalars: values.map { Float($0) })
        }
        return sd
    }

    func testStateDictKeysAndShapesMatchTorchvision() throws {
        let keys = try torchvisionKeys()
        let model = ResNet18(classes: 10)
        let sd = model.stateDict()
        XCTAssertEqual(sd.keys, keys.map { $0.0 })
        for (name, shape) in keys { XCTAssertEqual(sd[name]?.shape, shape, name) }
        XCTAssertTrue(sd.integerKeys.contains("layer2.0.downsample.1.num_batches_tracked"))
        XCTAssertEqual(model.parameters.map { $0.count }.reduce(0, +), 11_181_642)
        XCTAssertEqual(ResNet18().fc.outFeatures, 1000)
    }

    func testLogitsAndTrainingStepMatchPyTorch() throws {
        let f = try fixture("resnet18.safetensors")
        let model = ResNet18(classes: 10)
        try model.loadStateDict(formulaStateDict(try torchvisionKeys()))
        let x = f.tensor("x")
        model.eval()
        let evalLogits = noGrad { model(x) }
        assertClose(evalLogits, f.tensor("eval_logits"), 1e-4, "eval logits")

        model.train()
        let logits = model(x)
        assertClose(logits, f.tensor("train_logits"), 1e-4, "train logits")
        let loss = crossEntropy(logits, IntTensor([3, 7]))
        assertClose(loss, f.tensor("loss"), 1e-4, "loss")
        loss.backward()
        assertClose(model.fc.weight.grad, f.tensor("fc.weight.grad"), 1e-4, "fc grad")
        assertClose(model.conv1.weight.grad, f.tensor("conv1.weight.grad"), 1e-4, "conv1 grad")
        assertClose(model.bn1.running_mean, f.tensor("bn1.running_mean"), 1e-4, "running mean")
        assertClose((model.layer4[1] as! BasicBlock).bn2.running_var, f.tensor("layer4.1.bn2.running_var"), 1e-4, "running var")
    }

    func testFrozenBackboneTrainsOnlyTheNewHead() throws {
        manualSeed(0)
        let model = ResNet18(classes: 1000)
        model.freeze()
        model.fc = Linear(512, 10)
        model.eval()
        let before = model.stateDict()
        let opt = SGD(model.parameters, lr: 0.1, momentum: 0.9, weightDecay: 0.1)
        let x = Tensor.randn([2, 3, 32, 32])
        XCTAssertFalse(model.features(x).requiresGrad, "a frozen backbone records no graph at all")
        for _ in 0..<2 {
            opt.zeroGrad()
            let loss = crossEntropy(model(x), IntTensor([1, 2]))
            loss.backward()
            opt.step()
        }
        let after = model.stateDict()
        var changed: [String] = []
        for (key, t) in after where before[key]?.scalars != t.scalars { changed.append(key) }
        XCTAssertEqual(changed.sorted(), ["fc.bias", "fc.weight"], "frozen parameters and eval-mode statistics must not move")
        XCTAssertTrue(model.conv1.weight.grad == nil && (model.layer4[0] as! BasicBlock).conv1.weight.grad == nil,
                      "no gradient is stored for frozen parameters")
        XCTAssertEqual(model.trainableParameterCount, 5130)
    }
}
