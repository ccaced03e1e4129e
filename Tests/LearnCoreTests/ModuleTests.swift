import Foundation
import XCTest
@testable import LearnCore

final class ModuleTests: XCTestCase {
    final class TwoLayer: Module {
        var body = Sequential(Linear(3, 4), ReLU())
        var head: Linear? = Linear(4, 2)
        var extras: [Module] = [BatchNorm1d(2)]
        override func forward(_ x: Tensor) -> Tensor { head!(body(x)) }
    }

    func testNamedParametersFollowPropertyNamesAndOrder() {
        let m = TwoLayer()
        XCTAssertEqual(m.namedParameters.map { $0.0 },
                       ["body.0.weight", "body.0.bias", "head.weight", "head.bias", "extras.0.weight", "extras.0.bias"])
        XCTAssertEqual(m.namedBuffers.map { $0.0 },
                       ["extras.0.running_mean", "extras.0.running_var", "extras.0.num_batches_tracked"])
        m.head = nil
        XCTAssertFalse(m.namedParameters.contains { $0.0.hasPrefix("head") })
        XCTAssertEqual(m.parameters.count, 4)
    }

    func testTrainEvalReachesEveryModuleAndControlsDropout() {
        let m = Sequential(Linear(2, 2), Dropout(0.5), Sequential(BatchNorm1d(2)))
        m.eval()
        XCTAssertTrue(m.namedModules.allSatisfy { !$0.1.isTraining })
        let x = Tensor.ones([4, 8])
        XCTAssertEqual(Dropout(0.5).eval_(x).scalars, x.scalars)
        m.train()
        XCTAssertTrue(m.namedModules.allSatisfy { $0.1.isTraining })
        manualSeed(1)
        let dropped = Dropout(0.25)(Tensor.ones([1000])).scalars
        XCTAssertTrue(dropped.allSatisfy { $0 == 0 || abs($0 - 1 / 0.75) < 1e-6 })
        let zeros = dropped.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / 1000, 0.25, accuracy: 0.05)
    }

    func testFreezeStopsGradientsAndUpdatesIncludingWeightDecay() {
        let m = Sequential(Linear(3, 3), Linear(3, 1))
        (m[0] as! Linear).freeze()
        let frozen = (m[0] as! Linear).weight.scalars
        let opt = SGD(m.parameters, lr: 0.5, momentum: 0.9, weightDecay: 0.5)
        let loss = m(Tensor.ones([2, 3])).sum()
        loss.backward()
        XCTAssertNil((m[0] as! Linear).weight.grad)
        XCTAssertNotNil((m[1] as! Linear).weight.grad)
        let trained = (m[1] as! Linear).weight.scalars
        opt.step()
        XCTAssertEqual((m[0] as! Linear).weight.scalars, frozen)
        XCTAssertNotEqual((m[1] as! Linear).weight.scalars, trained)
        m.unfreeze()
        XCTAssertTrue(m.parameters.allSatisfy { $0.requiresGrad })
        opt.zeroGrad()
        XCTAssertTrue(m.parameters.allSatisfy { $0.grad == nil })
    }

    func testSchedules() {
        let opt = SGD([Tensor.zeros([1], requiresGrad: true)], lr: 1)
        let step = StepLR(opt, step: 2, gamma: 0.1)
        var rates: [Float] = []
        for _ in 0..<5 { step.step(); rates.append(opt.lr) }
        XCTAssertEqual(rates[0], 1); XCTAssertEqual(rates[1], 0.1, accuracy: 1e-7)
        XCTAssertEqual(rates[3], 0.01, accuracy: 1e-8)
        let opt2 = Adam([Tensor.zeros([1], requiresGrad: true)], lr: 1)
        let cosine = CosineAnnealingLR(opt2, tMax: 4, minLR: 0.1)
        var c: [Float] = []
        for _ in 0..<4 { cosine.step(); c.append(opt2.lr) }
        XCTAssertEqual(c[1], 0.55, accuracy: 1e-6)
        XCTAssertEqual(c[3], 0.1, accuracy: 1e-6)
        XCTAssertEqual(c[0], 0.1 + 0.9 * (1 + Float(cos(Double.pi / 4))) / 2, accuracy: 1e-6)
    }

    func testInitialisers() {
        manualSeed(2)
        let w = Tensor.zeros([256, 128, 3, 3])
        Init.kaimingNormal(w, mode: .fanOut, nonlinearity: .relu)
        let std = (w.square().mean().item).squareRoot()
        XCTAssertEqual(std, (2 / Float(256 * 9)).squareRoot(), accuracy: 0.001)
        let x = Tensor.zeros([64, 32])
        Init.xavierUniform(x)
        let bound = (6 / Float(96)).squareRoot()
        XCTAssertTrue(x.scalars.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(x.scalars.map { abs($0) }.max()!, 0.9 * bound)
        Init.constant(x, 0.5)
        XCTAssertTrue(x.scalars.allSatisfy { $0 == 0.5 })
        Init.zeros(x)
        XCTAssertEqual(x.sum().item, 0)
        let k = Tensor.zeros([10, 1000])
        Init.kaimingUniform(k)
        XCTAssertEqual(k.scalars.map { abs($0) }.max()!, (6 / Float(1000)).squareRoot(), accuracy: 0.005)
    }

    func testTrainingLoopLearnsXor() {
        manualSeed(0)
        let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let opt = Adam(model.parameters, lr: 0.05)
        for _ in 0..<300 {
            opt.zeroGrad()
            binaryCrossEntropy(model(x), y).backward()
            opt.step()
        }
        XCTAssertEqual((model(x) .> 0.5).scalars, [0, 1, 1, 0])
    }
}

extension Module {
    /// Forward in evaluation mode.
    func eval_(_ x: Tensor) -> Tensor { eval(); return self(x) }
}

final class ModuleDescriptionTests: XCTestCase {
    func testPrintsLikePyTorch() {
        let m = Sequential(Conv2d(3, 8, kernelSize: 3, stride: 2, padding: 1, bias: false), BatchNorm2d(8), ReLU(),
                           Flatten(), Sequential(Linear(8, 2), Dropout(0.5)), MaxPool2d(kernelSize: 3, stride: 2, padding: 1),
                           AdaptiveAvgPool2d(1))
        // The text PyTorch 2.15 prints for the same model.
        XCTAssertEqual(m.description, """
        Sequential(
          (0): Conv2d(3, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
          (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
          (2): ReLU()
          (3): Flatten(start_dim=1, end_dim=-1)
          (4): Sequential(
            (0): Linear(in_features=8, out_features=2, bias=True)
            (1): Dropout(p=0.5, inplace=False)
          )
          (5): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
          (6): AdaptiveAvgPool2d(output_size=1)
        )
        """)
        XCTAssertTrue(ResNet18(classes: 10).description.contains("(downsample): Sequential("))
    }
}
