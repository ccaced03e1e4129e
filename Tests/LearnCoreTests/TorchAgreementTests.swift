import XCTest
@testable import LearnCore

/// Forward values and gradients against PyTorch (fixtures from Tools/make_torch_fixtures.py).
final class TorchAgreementTests: XCTestCase {
    func testConv2dStridedPaddedForwardAndBackward() throws {
        let f = try fixture("conv2d.safetensors")
        let conv = Conv2d(3, 4, kernelSize: 3, stride: 2, padding: 1)
        try conv.loadStateDict(StateDict([("weight", f.tensor("weight")), ("bias", f.tensor("bias"))]))
        let x = makeParameter(f.tensor("x"))
        let y = conv(x)
        assertClose(y, f.tensor("y"))
        (y * f.tensor("gy")).sum().backward()
        assertClose(x.grad, f.tensor("dx"), 1e-4, "dx")
        assertClose(conv.weight.grad, f.tensor("dweight"), 1e-4, "dweight")
        assertClose(conv.bias!.grad, f.tensor("dbias"), 1e-4, "dbias")

        let noBias = Conv2d(3, 2, kernelSize: 2, bias: false)
        XCTAssertEqual(noBias.namedParameters.map { $0.0 }, ["weight"])
        noBias.weight.assign(f.tensor("weight2"))
        assertClose(noBias(f.tensor("x")), f.tensor("y2"))
    }

    func testBatchNorm2dTrainStepThenEval() throws {
        let f = try fixture("batchnorm.safetensors")
        let bn = BatchNorm2d(3)
        bn.weight.assign(f.tensor("weight"))
        bn.bias.assign(f.tensor("bias"))
        let x = makeParameter(f.tensor("x"))
        let y = bn(x)
        assertClose(y, f.tensor("y"))
        (y * f.tensor("gy")).sum().backward()
        assertClose(x.grad, f.tensor("dx"), 1e-4, "dx")
        assertClose(bn.weight.grad, f.tensor("dweight"), 1e-4, "dweight")
        assertClose(bn.bias.grad, f.tensor("dbias"), 1e-4, "dbias")
        assertClose(bn.running_mean, f.tensor("running_mean"), 1e-5, "running_mean")
        assertClose(bn.running_var, f.tensor("running_var"), 1e-5, "running_var (unbiased)")
        XCTAssertEqual(bn.num_batches_tracked.item, 1)

        bn.eval()
        let before = bn.running_mean.scalars
        assertClose(bn(f.tensor("x_eval")), f.tensor("y_eval"), 1e-4, "eval output")
        XCTAssertEqual(bn.running_mean.scalars, before, "eval mode must not move running statistics")
        XCTAssertEqual(bn.num_batches_tracked.item, 1)

        let bn1 = BatchNorm1d(4)
        assertClose(bn1(f.tensor("features")), f.tensor("y1"), 1e-4, "BatchNorm1d")
        assertClose(bn1.running_var, f.tensor("running_var1"), 1e-5, "BatchNorm1d running_var")
    }

    func testLinearForwardAndBackward() throws {
        let f = try fixture("linear.safetensors")
        let lin = Linear(6, 4)
        lin.weight.assign(f.tensor("weight"))
        lin.bias!.assign(f.tensor("bias"))
        let x = makeParameter(f.tensor("x"))
        let y = lin(x)
        assertClose(y, f.tensor("y"))
        (y * f.tensor("gy")).sum().backward()
        assertClose(x.grad, f.tensor("dx"))
        assertClose(lin.weight.grad, f.tensor("dweight"))
        assertClose(lin.bias!.grad, f.tensor("dbias"))
    }

    func testPooling() throws {
        let f = try fixture("pooling.safetensors")
        let x = makeParameter(f.tensor("x"))
        let y = MaxPool2d(kernelSize: 3, stride: 2, padding: 1)(x)
        assertClose(y, f.tensor("y"))
        // Without a graph the kernel skips recording the winners' positions.
        assertClose(noGrad { MaxPool2d(kernelSize: 3, stride: 2, padding: 1)(x) }, f.tensor("y"))
        (y * f.tensor("gy")).sum().backward()
        assertClose(x.grad, f.tensor("dx"))

        let xa = makeParameter(f.tensor("xa"))
        let ya = AdaptiveAvgPool2d(3, 2)(xa)
        assertClose(ya, f.tensor("ya"))
        (ya * f.tensor("gya")).sum().backward()
        assertClose(xa.grad, f.tensor("dxa"))

        assertClose(AvgPool2d(kernelSize: 3, stride: 2, padding: 1)(f.tensor("xv")), f.tensor("yv"))
    }

    func testCrossEntropy() throws {
        let f = try fixture("cross_entropy.safetensors")
        XCTAssertTrue(f.integerKeys.contains("labels"))
        let logits = makeParameter(f.tensor("logits"))
        let loss = crossEntropy(logits, f.labels("labels"))
        assertClose(loss, f.tensor("loss"))
        loss.backward()
        assertClose(logits.grad, f.tensor("dlogits"))
    }

    func testOptimiserStepsMatchPyTorch() throws {
        let f = try fixture("optimisers.safetensors")
        let makers: [(String, ([Tensor]) -> Optimizer)] = [
            ("sgd", { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.01) }),
            ("nesterov", { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true) }),
            ("adam", { Adam($0, lr: 0.01, weightDecay: 0.01) }),
        ]
        for (name, make) in makers {
            let lin = Linear(3, 2)
            lin.weight.assign(f.tensor("\(name).weight0"))
            lin.bias!.assign(f.tensor("\(name).bias0"))
            let opt = make(lin.parameters)
            for _ in 0..<3 {
                opt.zeroGrad()
                mse(lin(f.tensor("x")), f.tensor("t")).backward()
                opt.step()
            }
            assertClose(lin.weight, f.tensor("\(name).weight3"), 1e-5, name)
            assertClose(lin.bias!, f.tensor("\(name).bias3"), 1e-5, name)
        }
    }
}
