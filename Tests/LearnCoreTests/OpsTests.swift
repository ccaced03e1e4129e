import XCTest
@testable import LearnCore

final class OpsTests: XCTestCase {
    func assertClose(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: tol * max(1, abs(y)), file: file, line: line) }
    }

    func testBroadcastingArithmetic() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual((a + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual((a * Tensor(shape: [2, 1], scalars: [2, -1])).scalars, [2, 4, 6, -4, -5, -6])
        let outer = Tensor(shape: [3, 1], scalars: [1, 2, 3]) * Tensor([1, 10])
        XCTAssertEqual(outer.shape, [3, 2])
        XCTAssertEqual(outer.scalars, [1, 10, 2, 20, 3, 30])
        XCTAssertEqual((a - 1).scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual((12 / a).scalars, [12, 6, 4, 3, 2.4, 2])
        XCTAssertEqual((a .> 3).scalars, [0, 0, 0, 1, 1, 1])
        XCTAssertEqual((a .== Tensor([1, 0, 3])).scalars, [1, 0, 1, 0, 0, 0])
    }

    func testElementwiseMath() {
        let x = Tensor([0, 1, 4])
        assertClose(x.exp().scalars, [1, 2.7182817, 54.59815])
        assertClose(x.sqrt().scalars, [0, 1, 2])
        assertClose(Tensor([-2, 3]).abs().scalars, [2, 3])
        assertClose(x.pow(2).scalars, [0, 1, 16])
        assertClose(Tensor([-5, 0.5, 5]).clamp(min: -1, max: 1).scalars, [-1, 0.5, 1])
        assertClose(Tensor([0]).sigmoid().scalars, [0.5])
        assertClose(Tensor([-1, 2]).relu().scalars, [0, 2])
    }

    func testReductionsOverAxes() {
        let a = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        XCTAssertEqual(a.sum().item, 21)
        XCTAssertEqual(a.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(a.sum(axis: 1, keepDim: true).shape, [2, 1])
        XCTAssertEqual(a.mean(axis: 1).scalars, [3, 4])
        XCTAssertEqual(a.max(axis: 1).scalars, [5, 6])
        XCTAssertEqual(a.max().item, 6)
        XCTAssertEqual(a.min().item, 1)
        XCTAssertEqual(a.argmax(axis: 1), IntTensor([1, 2]))
        XCTAssertEqual(a.argmax(axis: 0), IntTensor([1, 0, 1]))
        assertClose(a.variance(axis: 1).scalars, [4, 4])
        // A long sum stays exact where Float accumulation would drift (16 777 216 + 1 = 16 777 216 in Float).
        XCTAssertEqual(Tensor.full([20_000_000], 1).sum().item, 20_000_000)
        XCTAssertEqual(Tensor.full([3_000_000], 0.1).mean().item, 0.1, accuracy: 1e-7)
    }

    func testShapeOperations() {
        let a = Tensor.arange(0, 6).reshape([2, 3])
        XCTAssertEqual(a.T.scalars, [0, 3, 1, 4, 2, 5])
        XCTAssertEqual(a.view([3, -1]).shape, [3, 2])
        let b = Tensor.arange(0, 24).reshape([2, 3, 4])
        let p = b.permute([2, 0, 1])
        XCTAssertEqual(p.shape, [4, 2, 3])
        XCTAssertEqual(p[1, 1].scalars, [13, 17, 21])
        XCTAssertEqual(b[1, 2].scalars, [20, 21, 22, 23])
        XCTAssertEqual(b[0][1].scalars, [4, 5, 6, 7])
        XCTAssertEqual(a[1..<2].scalars, [3, 4, 5])
        XCTAssertEqual(a.slice(axis: 1, 1..<3).scalars, [1, 2, 4, 5])
        XCTAssertEqual(a[IntTensor([1, 1, 0])].scalars, [3, 4, 5, 3, 4, 5, 0, 1, 2])
        XCTAssertEqual(Tensor.cat([a, a], axis: 1).scalars, [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5])
        XCTAssertEqual(Tensor.cat([a, a]).shape, [4, 3])
        let s = Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
        XCTAssertEqual(s.shape, [2, 2])
        XCTAssertEqual(s.scalars, [1, 3, 2, 4])
        XCTAssertEqual(a.select(axis: 1, -1).scalars, [2, 5])
        XCTAssertEqual(a.unsqueeze(0).shape, [1, 2, 3])
        XCTAssertEqual(a.flatten().shape, [6])
    }

    func testMatmulAgainstNaiveProduct() {
        manualSeed(3)
        let a = Tensor.randn([5, 7]), b = Tensor.randn([7, 4])
        var expected = [Float](repeating: 0, count: 20)
        for i in 0..<5 { for j in 0..<4 { for k in 0..<7 { expected[i * 4 + j] += a.scalars[i * 7 + k] * b.scalars[k * 4 + j] } } }
        assertClose(a.matmul(b).scalars, expected, 1e-4)
        XCTAssertEqual(Tensor.randn([2, 3, 7]).matmul(b).shape, [2, 3, 4])
        XCTAssertEqual((Tensor([1, 2]) • Tensor([3, 4])).item, 11)
    }

    func testSoftmaxRowsSumToOneAndAreStable() {
        let x = Tensor([[1, 2, 3], [1000, 1000, 1000]])
        let s = x.softmax(axis: 1)
        assertClose(s.sum(axis: 1).scalars, [1, 1])
        assertClose(s.scalars, [0.09003057, 0.24472847, 0.66524096, 1 / 3.0, 1 / 3.0, 1 / 3.0])
        assertClose(x.logSoftmax().scalars.prefix(3).map { $0 }, [-2.4076059, -1.4076059, -0.4076059])
    }

    func testLosses() {
        let logits = Tensor([[2, 0, 0], [0, 0, 3]])
        // −log softmax at the labels, averaged: values from PyTorch's cross_entropy.
        XCTAssertEqual(crossEntropy(logits, IntTensor([0, 1])).item, (0.2395447 + 3.0949229) / 2, accuracy: 1e-5)
        XCTAssertEqual(mse(Tensor([1, 2]), Tensor([3, 2])).item, 2)
        XCTAssertEqual(binaryCrossEntropy(Tensor([0.8, 0.4]), Tensor([1, 0])).item, 0.3669845, accuracy: 1e-5)
        XCTAssertEqual(binaryCrossEntropy(Tensor([0]), Tensor([1])).item, 100, accuracy: 1e-3)
        XCTAssertEqual(binaryCrossEntropyWithLogits(Tensor([0]), Tensor([1])).item, 0.6931472, accuracy: 1e-6)
        XCTAssertEqual(binaryCrossEntropyWithLogits(Tensor([-100, 100]), Tensor([0, 1])).item, 0, accuracy: 1e-6, "no overflow")
    }

    func testBinaryCrossEntropyWithLogitsGradientIsSigmoidMinusTargetEvenAtZero() throws {
        // Zero logits are what an all-zero initialisation produces.
        let logits = Tensor([0, 0, 2], requiresGrad: true)
        binaryCrossEntropyWithLogits(logits, Tensor([1, 0, 1])).backward()
        let grad = try XCTUnwrap(logits.grad).scalars
        let expected: [Float] = [(0.5 - 1) / 3, 0.5 / 3, (1 / (1 + Float(exp(-2.0))) - 1) / 3]
        for (g, e) in zip(grad, expected) { XCTAssertEqual(g, e, accuracy: 1e-6) }
    }

    func testAutogradAccumulatesAndNoGradStopsRecording() {
        let x = Tensor.linspace(-6, 6, count: 7, requiresGrad: true)
        let y = x.sigmoid()
        y.sum().backward()
        let s = y.scalars
        assertClose(x.grad!.scalars, s.map { $0 * (1 - $0) })
        (x * 2).sum().backward()   // gradients add up until zeroed
        assertClose(x.grad!.scalars, s.map { $0 * (1 - $0) + 2 })
        x.zeroGrad()
        XCTAssertNil(x.grad)
        let z = noGrad { x * 3 }
        XCTAssertFalse(z.requiresGrad)
        XCTAssertFalse(x.detach().requiresGrad)
        let w = x * x  // used twice: both paths contribute
        w.sum().backward()
        assertClose(x.grad!.scalars, x.scalars.map { 2 * $0 })
    }
}

final class ConvolutionTests: XCTestCase {
    /// Direct 7-loop convolution, the definition im2col + sgemm must reproduce.
    func naiveConv(_ x: Tensor, _ w: Tensor, stride: Int, padding: Int) -> [Float] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        var y = [Float](repeating: 0, count: n * o * oh * ow)
        for b in 0..<n { for oc in 0..<o { for i in 0..<oh { for j in 0..<ow {
            var s: Float = 0
            for ic in 0..<c { for ki in 0..<kh { for kj in 0..<kw {
                let ih = i * stride - padding + ki, iw = j * stride - padding + kj
                if ih >= 0 && ih < h && iw >= 0 && iw < wd {
                    s += x.scalars[((b * c + ic) * h + ih) * wd + iw] * w.scalars[((oc * c + ic) * kh + ki) * kw + kj]
                }
            } } }
            y[((b * o + oc) * oh + i) * ow + j] = s
        } } } }
        return y
    }

    func testConvolutionMatchesDefinitionForEdgeGeometries() {
        manualSeed(8)
        // Kernels wider than the input, large padding, strides 1–3, 1×1 kernels.
        for (size, k, stride, padding) in [(5, 3, 1, 1), (2, 7, 2, 3), (3, 5, 3, 2), (6, 1, 2, 0), (4, 4, 1, 0), (1, 3, 1, 1)] {
            let x = Tensor.randn([2, 2, size, size]), w = Tensor.randn([3, 2, k, k])
            let y = Tensor.conv2d(x, weight: w, stride: stride, padding: padding)
            let expected = naiveConv(x, w, stride: stride, padding: padding)
            XCTAssertEqual(y.count, expected.count)
            for (a, b) in zip(y.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-4, "size \(size) k \(k) s \(stride) p \(padding)") }
            // The input gradient is the adjoint: <conv(x), g> = <x, conv_backward(g)>.
            let xg = Tensor(shape: x.shape, scalars: x.scalars, requiresGrad: true)
            let g = Tensor.randn(y.shape)
            (Tensor.conv2d(xg, weight: w, stride: stride, padding: padding) * g).sum().backward()
            let lhs = zip(y.scalars, g.scalars).map { $0 * $1 }.reduce(0, +)
            let rhs = zip(x.scalars, xg.grad!.scalars).map { $0 * $1 }.reduce(0, +)
            XCTAssertEqual(lhs, rhs, accuracy: 1e-3 * max(1, abs(lhs)))
        }
    }

    func testBatchChunksAndThreadsGiveTheSameConvolution() {
        let saved = computeThreads
        defer { computeThreads = saved }
        var results: [[[Float]]] = []
        for threads in [1, 2, 3] {
            computeThreads = threads
            manualSeed(1)
            let x = Tensor.randn([5, 3, 12, 12], requiresGrad: true), w = Tensor.randn([4, 3, 3, 3], requiresGrad: true)
            let b = Tensor.randn([4], requiresGrad: true)
            let y = Tensor.conv2d(x, weight: w, bias: b, stride: 2, padding: 1)
            (y * Tensor.randn(y.shape)).sum().backward()
            results.append([y.scalars, x.grad!.scalars, w.grad!.scalars, b.grad!.scalars])
        }
        for r in results.dropFirst() {
            for (a, b) in zip(r, results[0]) {
                let scale = b.map { abs($0) }.max()!
                XCTAssertLessThan(zip(a, b).map { abs($0 - $1) }.max()! / scale, 1e-5)
            }
        }
    }

    func testEmptyBatchesPassThrough() {
        let x = Tensor.zeros([0, 2, 5, 5], requiresGrad: true)
        let y = MaxPool2d(kernelSize: 2)(Conv2d(2, 3, kernelSize: 3, padding: 1)(x).relu())
        XCTAssertEqual(y.shape, [0, 3, 2, 2])
        XCTAssertEqual(Linear(4, 2)(Tensor.zeros([0, 4])).shape, [0, 2])
        XCTAssertEqual(y.sum().item, 0)
    }

    func testFrozenConvolutionComputesOnlyTheInputGradient() {
        let conv = Conv2d(2, 3, kernelSize: 3, padding: 1)
        conv.freeze()
        let x = Tensor.randn([2, 2, 5, 5], requiresGrad: true)
        conv(x).sum().backward()
        XCTAssertNil(conv.weight.grad)
        XCTAssertNil(conv.bias!.grad)
        XCTAssertEqual(x.grad?.shape, [2, 2, 5, 5])
        XCTAssertFalse(conv(Tensor.randn([1, 2, 5, 5])).requiresGrad)
    }
}
