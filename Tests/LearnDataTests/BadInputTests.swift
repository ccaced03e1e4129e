import XCTest
@testable import LearnData

final class BadInputTests: XCTestCase {
    func assertDataError(_ expression: @autoclosure () throws -> Any, naming fragment: String,
                         file: StaticString = #filePath, line: UInt = #line,
                         _ check: (DataError) -> Bool) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let dataError = error as? DataError else {
                return XCTFail("not a DataError: \(error)", file: file, line: line)
            }
            XCTAssertTrue(check(dataError), "unexpected case: \(dataError)", file: file, line: line)
            XCTAssertTrue(dataError.description.contains(fragment),
                          "\"\(dataError)\" does not name \(fragment)", file: file, line: line)
        }
    }

    func testMissingRoot() {
        assertDataError(try ImageFolder(root: "/no/such/folder"), naming: "/no/such/folder") {
            if case .missingPath = $0 { return true } else { return false }
        }
        assertDataError(try CIFAR10(root: "/no/such/cifar"), naming: "/no/such/cifar") {
            if case .missingPath = $0 { return true } else { return false }
        }
    }

    func testFolderWithoutClassFolders() throws {
        let root = try temporaryFolder(self)
        try write([1, 2, 3], to: "\(root)/loose.jpg")
        assertDataError(try ImageFolder(root: root), naming: root) {
            if case .noClassFolders = $0 { return true } else { return false }
        }
    }

    func testEmptyClassFolder() throws {
        let root = try temporaryFolder(self)
        try write(encodePNG(gradientImage(width: 2, height: 2)), to: "\(root)/ant/a.png")
        try FileManager.default.createDirectory(atPath: "\(root)/bee", withIntermediateDirectories: true)
        assertDataError(try ImageFolder(root: root), naming: "\(root)/bee") {
            if case .emptyClassFolder = $0 { return true } else { return false }
        }
    }

    func testTruncatedJPEGIsAnErrorNamingTheFile() throws {
        let root = try temporaryFolder(self)
        let jpeg = encodeJPEG(gradientImage(width: 16, height: 16))
        try write(jpeg, to: "\(root)/ant/good.jpg")
        try write(Array(jpeg.prefix(jpeg.count / 2)), to: "\(root)/ant/truncated.jpg")
        assertDataError(try ImageFolder(root: root), naming: "truncated.jpg") {
            if case .corruptImage = $0 { return true } else { return false }
        }
    }

    func testCorruptJPEGIsAnError() throws {
        let root = try temporaryFolder(self)
        var jpeg = encodeJPEG(gradientImage(width: 16, height: 16))
        for i in 2..<min(200, jpeg.count) { jpeg[i] = UInt8(i % 251) }  // header destroyed
        try write(jpeg, to: "\(root)/ant/corrupt.jpg")
        assertDataError(try ImageFolder(root: root), naming: "corrupt.jpg") {
            if case .corruptImage = $0 { return true } else { return false }
        }
    }

    func testJPEGClaimingAHugeSizeIsRefusedNotAllocated() throws {
        var jpeg = encodeJPEG(gradientImage(width: 8, height: 8))
        let sof = try XCTUnwrap((0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        for offset in [5, 6, 7, 8] { jpeg[sof + offset] = 0xFD }  // 65,021 × 65,021
        XCTAssertThrowsError(try RGBImage(decoding: jpeg, name: "huge.jpg")) { error in
            XCTAssertTrue("\(error)".contains("huge.jpg"), "\(error)")
        }
    }

    func testTextFileWithImageNameIsAnError() throws {
        let root = try temporaryFolder(self)
        try write(Array("not a picture".utf8), to: "\(root)/ant/note.png")
        assertDataError(try ImageFolder(root: root), naming: "note.png") {
            if case .corruptImage(_, let reason) = $0 { return reason.contains("not a JPEG or PNG") } else { return false }
        }
        try write([], to: "\(root)/ant/note.png")
        assertDataError(try ImageFolder(root: root), naming: "note.png") {
            if case .corruptImage(_, let reason) = $0 { return reason.contains("empty") } else { return false }
        }
    }

    func testTruncatedPNGIsAnError() throws {
        let root = try temporaryFolder(self)
        let png = encodePNG(gradientImage(width: 16, height: 16))
        try write(Array(png.prefix(png.count - 20)), to: "\(root)/ant/cut.png")
        assertDataError(try ImageFolder(root: root), naming: "cut.png") {
            if case .corruptImage = $0 { return true } else { return false }
        }
    }

    func testNonImageFilesAreSkipped() throws {
        let root = try temporaryFolder(self)
        try write(encodePNG(gradientImage(width: 2, height: 2)), to: "\(root)/ant/a.png")
        try write(Array("notes".utf8), to: "\(root)/ant/README.txt")
        try write([0], to: "\(root)/ant/.DS_Store")
        let dataset = try ImageFolder(root: root)
        XCTAssertEqual(dataset.count, 1)
    }

    func testBadBinaryBatches() throws {
        let root = try temporaryFolder(self)
        try writeCIFARBatches(in: root, perFile: 2)
        // A record cut short.
        try write(Array(cifarRecord(label: 1, n: 0).dropLast()), to: "\(root)/data_batch_3.bin")
        assertDataError(try CIFAR10(root: root), naming: "data_batch_3.bin") {
            if case .badRecordFile = $0 { return true } else { return false }
        }
        // A label out of range.
        try write(cifarRecord(label: 10, n: 0), to: "\(root)/data_batch_3.bin")
        assertDataError(try CIFAR10(root: root), naming: "record 0 has label 10") {
            if case .badRecordFile = $0 { return true } else { return false }
        }
        // A missing batch.
        try FileManager.default.removeItem(atPath: "\(root)/data_batch_3.bin")
        assertDataError(try CIFAR10(root: root), naming: "data_batch_3.bin") {
            if case .unrecognisedLayout = $0 { return true } else { return false }
        }
    }

    func testEmptyFolderIsNotCIFAR() throws {
        let root = try temporaryFolder(self)
        assertDataError(try CIFAR10(root: root), naming: "data_batch_1.bin") {
            if case .unrecognisedLayout = $0 { return true } else { return false }
        }
    }

    func testCIFARFolderRejectsStrangeClassesAndSizes() throws {
        let root = try temporaryFolder(self)
        try write(encodePNG(gradientImage(width: 32, height: 32)), to: "\(root)/train/cat/a.png")
        try write(encodePNG(gradientImage(width: 32, height: 32)), to: "\(root)/test/unicorn/a.png")
        assertDataError(try CIFAR10(root: root), naming: "unicorn") {
            if case .unrecognisedLayout = $0 { return true } else { return false }
        }
        try FileManager.default.removeItem(atPath: "\(root)/test/unicorn")
        try write(encodePNG(gradientImage(width: 8, height: 8)), to: "\(root)/test/cat/small.png")
        assertDataError(try CIFAR10(root: root), naming: "small.png") {
            if case .corruptImage(_, let reason) = $0 { return reason.contains("8×8") } else { return false }
        }
    }

    func testChecksumMismatchIsAnError() throws {
        let root = try temporaryFolder(self)
        try write(Array("not the archive".utf8), to: "\(root)/fake.tar.gz")
        assertDataError(try CIFAR10.bundled(archive: "\(root)/fake.tar.gz", cacheDirectory: "\(root)/cache"),
                        naming: "fake.tar.gz") {
            if case .checksumMismatch = $0 { return true } else { return false }
        }
    }
}
