import Foundation
import XCTest
@testable import LearnData

/// The CIFAR-10 copy in `../shared/data/` beside the repository. The first run decodes it
/// into the cache (`$SWIFTNB_CACHE` or `~/.cache/swiftnb`, about 10 s); later runs reuse it.
final class BundledCIFAR10Tests: XCTestCase {
    static var bundledArchive: String? {
        if let path = ProcessInfo.processInfo.environment["SWIFTNB_CIFAR10_ARCHIVE"] { return path }
        let path = ((repositoryRoot as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("shared/data/cifar10-jpeg.tar.gz")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    func testBundledSetHasEveryImageOfEveryClass() throws {
        let archive = try XCTUnwrap(Self.bundledArchive, "cifar10-jpeg.tar.gz not found beside the repository")
        let cifar = try CIFAR10.bundled(archive: archive)
        XCTAssertEqual(cifar.classes, CIFAR10.classNames)
        XCTAssertEqual(cifar.train.count, 50_000)
        XCTAssertEqual(cifar.test.count, 10_000)
        XCTAssertEqual(cifar.train.countPerClass, Array(repeating: 5_000, count: 10))
        XCTAssertEqual(cifar.test.countPerClass, Array(repeating: 1_000, count: 10))
        // Ordered by class, then file name.
        XCTAssertEqual(cifar.train.labels[4_999], 0)
        XCTAssertEqual(cifar.train.labels[5_000], 1)
        let image = cifar.test[0].image
        XCTAssertEqual([image.width, image.height], [32, 32])
        // Real photographs: not all one colour.
        XCTAssertGreaterThan(Set(image.pixels).count, 50)

        // A second call reads the cache.
        let start = Date()
        let again = try CIFAR10.bundled(archive: archive)
        print("CIFAR-10 from the binary cache in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        XCTAssertEqual(again.train.labels, cifar.train.labels)
        XCTAssertEqual(again.test.planes(123).values, cifar.test.planes(123).values)
        XCTAssertEqual(again.layout, .binaryBatches)
    }

    func testLocatesTheArchiveFromTheProject() throws {
        guard ProcessInfo.processInfo.environment["SWIFTNB_CIFAR10_ARCHIVE"] == nil else { return }
        let expected = try XCTUnwrap(Self.bundledArchive)
        XCTAssertEqual((try CIFAR10.locateBundledArchive() as NSString).standardizingPath,
                       (expected as NSString).standardizingPath)
    }
}
