import XCTest
@testable import LearnCore

final class TensorBasicsTests: XCTestCase {
    func testShapeScalarsAndCount() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.scalars, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.count, 6)
        XCTAssertEqual(Tensor([1, 2]).shape, [2])
        XCTAssertEqual(Tensor(3.5).shape, [])
        XCTAssertEqual(Tensor(3.5).item, 3.5)
    }

    func testFilledCreation() {
        XCTAssertEqual(Tensor.zeros([2, 2]).scalars, [0, 0, 0, 0])
        XCTAssertEqual(Tensor.ones([3]).scalars, [1, 1, 1])
        XCTAssertEqual(Tensor.full([2], 7).scalars, [7, 7])
        XCTAssertEqual(Tensor.arange(0, 5).scalars, [0, 1, 2, 3, 4])
        XCTAssertEqual(Tensor.arange(1, 2, step: 0.25).scalars, [1, 1.25, 1.5, 1.75])
        XCTAssertEqual(Tensor.linspace(-1, 1, count: 5).scalars, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(Tensor.eye(2).scalars, [1, 0, 0, 1])
    }

    func testSeededRandomIsRepeatable() {
        manualSeed(42)
        let a = Tensor.randn([100]), p = randperm(10)
        manualSeed(42)
        let b = Tensor.randn([100]), q = randperm(10)
        XCTAssertEqual(a.scalars, b.scalars)
        XCTAssertEqual(p, q)
        XCTAssertEqual(p.scalars.sorted(), Array(0..<10))
        manualSeed(1)
        let u = Tensor.rand([10_000]).scalars
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / 10_000, 0.5, accuracy: 0.02)
        let n = Tensor.normal([10_000], mean: 2, std: 3).scalars
        let mean = n.reduce(0, +) / 10_000
        let variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 10_000
        XCTAssertEqual(mean, 2, accuracy: 0.1)
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.1)
    }

    func testIntLabels() {
        let labels = IntTensor([3, 1, 2])
        XCTAssertEqual(labels.shape, [3])
        XCTAssertEqual(labels.scalars, [3, 1, 2])
        XCTAssertEqual(labels[[2, 0]].scalars, [2, 3])
        XCTAssertEqual((labels .== IntTensor([3, 0, 2])).scalars, [1, 0, 1])
        XCTAssertEqual(labels.description, "tensor([3, 1, 2])")
        XCTAssertEqual(IntTensor.cat([labels, IntTensor([9])]).scalars, [3, 1, 2, 9])
        let batch = IntTensor.stack([IntTensor(4), IntTensor(5)])
        XCTAssertEqual(batch.shape, [2])
        XCTAssertEqual(batch.scalars, [4, 5])
    }

    func testDescriptionLikePyTorch() {
        XCTAssertEqual(Tensor([1, 2, 3]).description, "tensor([1., 2., 3.])")
        XCTAssertEqual(Tensor([[1.5, -2], [3, 4]]).description,
                       "tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.0000]])")
        XCTAssertEqual(Tensor(0.5).description, "tensor(0.5000)")
        XCTAssertEqual(Tensor([1e-6, 1]).description, "tensor([1.0000e-06, 1.0000e+00])")
        XCTAssertEqual(Tensor([1, 2], requiresGrad: true).description, "tensor([1., 2.], requires_grad=True)")
        XCTAssertEqual(Tensor.zeros([2, 1, 2]).description, "tensor([[[0., 0.]],\n\n        [[0., 0.]]])")
        let big = Tensor.arange(0, 2000).description
        XCTAssertEqual(big, "tensor([   0.,    1.,    2.,  ..., 1997., 1998., 1999.], shape=[2000])")
        XCTAssertEqual(Tensor.zeros([2]).mimeBundle, .plain("tensor([0., 0.])"))
    }
}
