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

final class CIFAR10ArchiveTests: XCTestCase {
    /// A two-class miniature of the bundled archive, packed with /bin/tar.
    func makeArchive() throws -> (archive: String, folder: String) {
        let root = try temporaryFolder(self)
        var n = 0
        for split in ["train", "test"] {
            for name in ["ship", "bird"] {
                for file in ["0001.jpg", "0000.png"] {
                    let image = gradientImage(width: 32, height: 32, seed: n)
                    let bytes = file.hasSuffix("png") ? encodePNG(image) : encodeJPEG(image)
                    try write(bytes, to: "\(root)/cifar10/\(split)/\(name)/\(file)")
                    n += 1
                }
            }
        }
        let archive = "\(root)/mini.tar.gz"
        try CIFAR10.runTool("/bin/tar", ["-czf", archive, "-C", root, "cifar10"])
        return (archive, "\(root)/cifar10")
    }

    func testDecodingTheArchiveInMemoryMatchesTheUnpackedFolders() throws {
        let (archive, folder) = try makeArchive()
        let fromArchive = try CIFAR10.decodeArchive(archive)
        let fromFolder = try CIFAR10(root: folder)
        XCTAssertEqual(fromArchive.train.labels, [2, 2, 8, 8])  // bird before ship: CIFAR order
        XCTAssertEqual(fromArchive.train.labels, fromFolder.train.labels)
        XCTAssertEqual(fromArchive.test.labels, fromFolder.test.labels)
        for i in 0..<4 {
            XCTAssertEqual(fromArchive.train.planes(i), fromFolder.train.planes(i))
            XCTAssertEqual(fromArchive.test.planes(i), fromFolder.test.planes(i))
        }
        XCTAssertTrue(fromArchive.train.source(0).hasSuffix("cifar10/train/bird/0000.png"))
    }

    func testDamagedTarStreamIsAnError() throws {
        var stream = [UInt8](repeating: 0, count: 1024)
        Array("cifar10/train/cat/0000.jpg".utf8).enumerated().forEach { stream[$0] = $1 }
        Array("99999999999".utf8).enumerated().forEach { stream[124 + $0] = $1 }  // far past the end
        stream[156] = UInt8(ascii: "0")
        XCTAssertThrowsError(try tarMembers(stream, name: "damaged.tar")) { error in
            XCTAssertTrue("\(error)".contains("damaged.tar"), "\(error)")
        }
    }

    func testMissingGzipInputIsAToolError() {
        XCTAssertThrowsError(try CIFAR10.decodeArchive("/no/such/archive.tar.gz")) { error in
            guard case DataError.toolFailed = error else { return XCTFail("\(error)") }
        }
    }
}
