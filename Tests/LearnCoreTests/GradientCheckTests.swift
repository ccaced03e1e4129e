import XCTest
@testable import LearnCore

/// Every primitive's gradient against central finite differences: for a random weighting w
/// of the output, the analytic ∂(Σ w·f(x))/∂x from `backward()` must match
/// (L(x + h) − L(x − h)) / 2h element by element.
final class GradientCheckTests: XCTestCase {
    func check(_ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Tensor]) -> Tensor) {
        for t in inputs { t.requiresGrad = true; t.grad = nil }
        let out = f(inputs)
        manualSeed(99)
        let w = Tensor.uniform(out.shape, low: -1, high: 1)
        (out * w).sum().backward()
        let h: Float = 1e-2
        for (ti, t) in inputs.enumerated() {
            guard let grad = t.grad else { return XCTFail("input \(ti) got no gradient", file: file, line: line) }
            for i in 0..<t.count {
                let saved = t.data[i]
                func loss() -> Double {
                    noGrad { (f(inputs) * w).sum().scalars.map(Double.init).reduce(0, +) }
                }
                t.data[i] = saved + h; let up = loss()
                t.data[i] = saved - h; let down = loss()
                t.data[i] = saved
                let numeric = (up - down) / Double(2 * h)
                let analytic = Double(grad.data[i])
                XCTAssertEqual(analytic, numeric, accuracy: 2e-2 * max(1, abs(numeric)),
                               "input \(ti) element \(i)", file: file, line: line)
            }
        }
    }

    func rand(_ shape: [Int], _ low: Float = -1, _ high: Float = 1) -> Tensor {
        Tensor.uniform(shape, low: low, high: high)
    }
    /// Values at least 0.1 away from zero, so kinks (relu, abs) are not straddled.
    func awayFromZero(_ shape: [Int]) -> Tensor {
        let t = rand(shape)
        return Tensor(shape: shape, scalars: t.scalars.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 })
    }

    override func setUp() { manualSeed(7) }

    func testUnaryPrimitives() {
        check([rand([3, 4])]) { $0[0].exp() }
        check([rand([3, 4], 0.5, 2)]) { $0[0].log() }
        check([rand([3, 4], 0.5, 2)]) { $0[0].sqrt() }
        check([awayFromZero([3, 4])]) { $0[0].abs() }
        check([awayFromZero([3, 4])]) { $0[0].relu() }
        check([awayFromZero([3, 4])]) { $0[0].leakyRelu(0.1) }
        check([rand([3, 4])]) { $0[0].sigmoid() }
        check([rand([3, 4])]) { $0[0].tanh() }
        check([rand([3, 4])]) { $0[0].sin() }
        check([rand([3, 4])]) { $0[0].cos() }
        check([rand([3, 4])]) { $0[0].square() }
        check([rand([3, 4], 0.5, 2)]) { $0[0].pow(2.5) }
        check([Tensor([-2, -0.7, 0.2, 0.6, 2])]) { $0[0].clamp(min: -1, max: 1) }
        check([rand([3])]) { $0[0] * 3 + 1 }
        check([rand([3])]) { 2 - $0[0] }
    }

    func testBroadcastingBinaryPrimitives() {
        check([rand([2, 3]), rand([3])]) { $0[0] + $0[1] }
        check([rand([2, 3]), rand([2, 1])]) { $0[0] - $0[1] }
        check([rand([2, 1, 3]), rand([4, 1])]) { $0[0] * $0[1] }
        check([rand([2, 3]), rand([2, 3], 0.5, 2)]) { $0[0] / $0[1] }
        check([rand([3]), rand([2, 3], 0.5, 2)]) { $0[0] / $0[1] }
        check([Tensor([1, -1, 0.5]), Tensor([0, 0, 2])]) { $0[0].maximum($0[1]) }
        check([Tensor([1, -1, 0.5]), Tensor([0, 0, 2])]) { $0[0].minimum($0[1]) }
    }

    func testReductions() {
        check([rand([2, 3, 4])]) { $0[0].sum(axis: 1) }
        check([rand([2, 3, 4])]) { $0[0].sum(axes: [0, 2], keepDim: true) }
        check([rand([2, 3, 4])]) { $0[0].mean(axis: -1) }
        check([rand([2, 3])]) { $0[0].sum() }
        check([rand([2, 5])]) { $0[0].max(axis: 1) }
        check([rand([4, 3])]) { $0[0].variance(axis: 0) }
    }

    func testMovement() {
        check([rand([2, 3, 4])]) { $0[0].reshape([4, -1]) }
        check([rand([2, 3, 4])]) { $0[0].permute([2, 0, 1]) }
        check([rand([3, 4])]) { $0[0].T }
        check([rand([3, 5])]) { $0[0].slice(axis: 1, 1..<4) }
        check([rand([3, 2])]) { $0[0][1] }
        check([rand([4, 2])]) { $0[0].indexSelect([3, 0, 3]) }
        check([rand([3, 4])]) { $0[0].gather(IntTensor([1, 0, 3])) }
        check([rand([3, 1])]) { $0[0].expand([3, 4]) }
        check([rand([2, 3]), rand([2, 2])]) { Tensor.cat($0, axis: 1) }
        check([rand([2, 3]), rand([2, 3])]) { Tensor.stack($0, axis: 1) }
    }

    func testMatmulAndLinear() {
        check([rand([3, 4]), rand([4, 2])]) { $0[0].matmul($0[1]) }
        check([rand([2, 3, 4]), rand([2, 4, 2])]) { $0[0].matmul($0[1]) }
        check([rand([4]), rand([4, 2])]) { $0[0].matmul($0[1]) }
        check([rand([3, 4]), rand([5, 4]), rand([5])]) { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
    }

    func testSoftmaxFamily() {
        check([rand([3, 5])]) { $0[0].logSoftmax(axis: 1) }
        check([rand([2, 3, 2])]) { $0[0].softmax(axis: 1) }
        check([rand([4, 3])]) { crossEntropy($0[0], IntTensor([0, 2, 1, 2])) }
    }

    func testConvolutionAndPooling() {
        check([rand([2, 2, 5, 5]), rand([3, 2, 3, 3]), rand([3])]) {
            Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1)
        }
        check([rand([1, 2, 4, 4]), rand([2, 2, 1, 1])]) { Tensor.conv2d($0[0], weight: $0[1], stride: 1) }
        // Distinct values keep the maximum of each window unique.
        let distinct = Tensor(shape: [1, 2, 4, 4], scalars: (0..<32).map { Float(($0 * 7) % 32) / 10 })
        check([distinct]) { Tensor.maxPool2d($0[0], kernel: 3, stride: 2, padding: 1) }
        check([rand([2, 1, 5, 5])]) { Tensor.avgPool2d($0[0], kernel: 3, stride: 2, padding: 1) }
        check([rand([1, 2, 5, 7])]) { Tensor.adaptiveAvgPool2d($0[0], outH: 2, outW: 3) }
    }

    func testBatchNorm() {
        check([rand([4, 3, 2, 2]), rand([3], 0.5, 1.5), rand([3])]) {
            Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: nil, runningVar: nil, training: true)
        }
        check([rand([3, 2]), rand([2]), rand([2])]) {
            Tensor.batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: Tensor([0.1, -0.2]),
                             runningVar: Tensor([0.5, 2]), training: false)
        }
    }

    func testBinaryCrossEntropyAndMSE() {
        check([rand([4], 0.1, 0.9)]) { binaryCrossEntropy($0[0], Tensor([0, 1, 1, 0])) }
        check([rand([4])]) { binaryCrossEntropyWithLogits($0[0], Tensor([0, 1, 1, 0])) }
        check([rand([2, 3]), rand([2, 3])]) { mse($0[0], $0[1]) }
    }
}
