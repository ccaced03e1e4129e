import Foundation
import XCTest
@testable import LearnCore

let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// A PyTorch reference file written by Tools/make_torch_fixtures.py.
func fixture(_ name: String) throws -> StateDict {
    try Safetensors.read(fixturesDirectory + "/" + name)
}

extension StateDict {
    func tensor(_ key: String, file: StaticString = #filePath, line: UInt = #line) -> Tensor {
        guard let t = self[key] else {
            XCTFail("fixture lacks \(key)", file: file, line: line)
            return Tensor.zeros([0])
        }
        return t
    }
    func labels(_ key: String) -> IntTensor {
        let t = self[key]!
        return IntTensor(shape: t.shape, scalars: t.scalars.map { Int($0) })
    }
}

/// Normwise relative error: max |a − b| ≤ tolerance · max |b| (shapes must match).
func assertClose(_ a: Tensor?, _ b: Tensor, _ tolerance: Float = 1e-4, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let a else { return XCTFail("missing tensor \(message)", file: file, line: line) }
    XCTAssertEqual(a.shape, b.shape, message, file: file, line: line)
    guard a.count == b.count else { return }
    let scale = max(b.scalars.map { abs($0) }.max() ?? 0, 1e-6)
    let err = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(err / scale, tolerance, "relative error \(err / scale) \(message)", file: file, line: line)
}

func makeParameter(_ t: Tensor) -> Tensor { Tensor(shape: t.shape, scalars: t.scalars, requiresGrad: true) }
