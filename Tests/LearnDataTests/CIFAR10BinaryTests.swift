import XCTest
@testable import LearnData

final class CIFAR10BinaryTests: XCTestCase {
    func testReadsRecordsByteExactInFileOrder() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 3)
        let cifar = try CIFAR10(root: folder)
        XCTAssertEqual(cifar.layout, .binaryBatches)
        XCTAssertEqual(cifar.train.count, 15)
        XCTAssertEqual(cifar.test.count, 3)
        // Train record n (file order across batches 1…5) is record n of the fixture.
        for n in 0..<15 {
            let record = cifarRecord(label: UInt8(n % 10), n: n)
            XCTAssertEqual(cifar.train.labels[n], n % 10)
            XCTAssertEqual(cifar.train.planes(n).values, Array(record.dropFirst()), "record \(n)")
        }
        // Test records continue the numbering.
        XCTAssertEqual(cifar.test.planes(2).values, Array(cifarRecord(label: 7, n: 17).dropFirst()))
        XCTAssertEqual(cifar.test.labels, [5, 6, 7])
        XCTAssertEqual(cifar.test.source(1), "test_batch.bin record 1")
    }

    func testInterleavedImageIsRedGreenBluePlanes() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 1)
        let (image, label) = try CIFAR10(root: folder).train[1]
        XCTAssertEqual(label, 1)
        XCTAssertEqual(image.width, 32)
        XCTAssertEqual(image.height, 32)
        // Pixel (x, y) at i = 32·y + x: red from plane 0, green from plane 1, blue from plane 2.
        let i = 32 * 5 + 3
        let (r, g, b) = image[3, 5]
        XCTAssertEqual(r, UInt8((7 + i) % 256))
        XCTAssertEqual(g, UInt8((7 + 50 + i) % 256))
        XCTAssertEqual(b, UInt8((7 + 100 + i) % 256))
    }

    func testClassesFollowCIFAROrder() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 2)
        let cifar = try CIFAR10(root: folder)
        XCTAssertEqual(cifar.classes, ["airplane", "automobile", "bird", "cat", "deer",
                                       "dog", "frog", "horse", "ship", "truck"])
        XCTAssertEqual(cifar.train.classes, cifar.classes)
        XCTAssertEqual(cifar.train.countPerClass, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    func testFindsBatchesInTheUsualSubfolder() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: (folder as NSString).appendingPathComponent("cifar-10-batches-bin"), perFile: 1)
        let cifar = try CIFAR10(root: folder)
        XCTAssertEqual(cifar.train.count, 5)
        XCTAssertTrue(cifar.root.hasSuffix("cifar-10-batches-bin"))
    }

    func testWrittenBatchesReadBackIdentically() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 2)
        let cifar = try CIFAR10(root: folder)
        let copy = (folder as NSString).appendingPathComponent("copy")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        try CIFAR10.writeBatches(cifar.train, to: copy, names: CIFAR10.trainFiles, perFile: 2)
        try CIFAR10.writeBatches(cifar.test, to: copy, names: [CIFAR10.testFile], perFile: 2)
        for name in CIFAR10.trainFiles + [CIFAR10.testFile] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name))),
                           try Data(contentsOf: URL(fileURLWithPath: (copy as NSString).appendingPathComponent(name))), name)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: copy).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }
}
