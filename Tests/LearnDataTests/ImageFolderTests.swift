import XCTest
@testable import LearnData

final class ImageFolderTests: XCTestCase {
    /// root/cat: two JPEGs (3×2, 5×4); root/ant: one PNG (2×2) and a JPEG in a subfolder.
    func makeFolder() throws -> String {
        let root = try temporaryFolder(self)
        try write(encodeJPEG(gradientImage(width: 3, height: 2, seed: 1)), to: "\(root)/cat/b.jpg")
        try write(encodeJPEG(gradientImage(width: 5, height: 4, seed: 2)), to: "\(root)/cat/a.JPEG")
        try write(encodePNG(gradientImage(width: 2, height: 2, seed: 3)), to: "\(root)/ant/z.png")
        try write(encodeJPEG(gradientImage(width: 4, height: 4, seed: 4)), to: "\(root)/ant/more/c.jpg")
        return root
    }

    func testClassesSortedByNameAndImagesByPath() throws {
        let dataset = try ImageFolder(root: makeFolder())
        XCTAssertEqual(dataset.classes, ["ant", "cat"])
        XCTAssertEqual(dataset.labels, [0, 0, 1, 1])
        XCTAssertEqual(dataset.count, 4)
        let names = (0..<4).map { (dataset.source($0) as NSString).lastPathComponent }
        XCTAssertEqual(names, ["z.png", "c.jpg", "a.JPEG", "b.jpg"])
        XCTAssertEqual(dataset.countPerClass, [2, 2])
    }

    func testPNGDecodesExactly() throws {
        let dataset = try ImageFolder(root: makeFolder())
        XCTAssertEqual(dataset[0].image, gradientImage(width: 2, height: 2, seed: 3))
    }

    func testJPEGDecodesCloseToTheOriginalAtAnySize() throws {
        let dataset = try ImageFolder(root: makeFolder())
        let decoded = dataset[2].image
        let original = gradientImage(width: 5, height: 4, seed: 2)
        XCTAssertEqual(decoded.width, 5)
        XCTAssertEqual(decoded.height, 4)
        let worst = zip(decoded.pixels, original.pixels).map { abs(Int($0) - Int($1)) }.max()!
        XCTAssertLessThanOrEqual(worst, 6, "quality-100 4:4:4 JPEG should be nearly lossless")
    }

    func testDecodesGreyscaleJPEGToRGB() throws {
        let image = gradientImage(width: 8, height: 8)
        let grey = RGBImage(width: 8, height: 8, pixels: image.pixels.enumerated().map { i, _ in image.pixels[i - i % 3] })
        let decoded = try RGBImage(decoding: encodeJPEG(grey))
        let worst = zip(decoded.pixels, grey.pixels).map { abs(Int($0) - Int($1)) }.max()!
        XCTAssertLessThanOrEqual(worst, 4)
    }

    func testCIFARClassFoldersGetCIFARLabelsWhateverTheFolderOrder() throws {
        let root = try temporaryFolder(self)
        // Only some classes, created in reverse order; labels must still be CIFAR's.
        for (k, name) in ["truck", "cat", "airplane"].enumerated() {
            for split in ["train", "test"] {
                try write(encodePNG(gradientImage(width: 32, height: 32, seed: k)), to: "\(root)/\(split)/\(name)/0001.png")
            }
        }
        try write(encodePNG(gradientImage(width: 32, height: 32, seed: 9)), to: "\(root)/train/cat/0000.png")
        let cifar = try CIFAR10(root: root)
        XCTAssertEqual(cifar.layout, .imageFolders)
        XCTAssertEqual(cifar.train.labels, [0, 3, 3, 9])
        XCTAssertEqual(cifar.test.labels, [0, 3, 9])
        XCTAssertEqual(cifar.train[1].image, gradientImage(width: 32, height: 32, seed: 9))
        XCTAssertEqual(cifar.train.classes[9], "truck")
    }

    func testSubsetByClassesAndCountPerClass() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 10)  // 50 train images, 5 of each class
        let train = try CIFAR10(root: folder).train
        let source = train.subset(classes: [0, 1, 2, 3, 4], perClass: 3)
        let target = train.subset(classes: [5, 6, 7, 8, 9], perClass: 3)
        XCTAssertEqual(source.count, 15)
        XCTAssertEqual(source.classes, ["airplane", "automobile", "bird", "cat", "deer"])
        XCTAssertEqual(target.classes, ["dog", "frog", "horse", "ship", "truck"])
        XCTAssertEqual(Set(target.labels), [0, 1, 2, 3, 4])
        XCTAssertEqual(target.countPerClass, [3, 3, 3, 3, 3])
        // The first three of each class, in the original order: record n has label n % 10.
        XCTAssertEqual(source.labels, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4])
        XCTAssertEqual(source.planes(5).values, train.planes(10).values)
        // Disjoint: no source record is in the target.
        let sourceSet = Set((0..<source.count).map { source.source($0) })
        XCTAssertTrue((0..<target.count).allSatisfy { !sourceSet.contains(target.source($0)) })
        // The same call gives the same images.
        let again = train.subset(classes: [0, 1, 2, 3, 4], perClass: 3)
        XCTAssertEqual((0..<15).map { again.source($0) }, (0..<15).map { source.source($0) })
    }

    func testSubsetRelabelsInTheGivenOrderOrKeepsLabels() throws {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 10)
        let train = try CIFAR10(root: folder).train
        let picked = train.subset(classes: [7, 2])
        XCTAssertEqual(picked.classes, ["horse", "bird"])
        XCTAssertEqual(Array(picked.labels.prefix(4)), [1, 0, 1, 0])
        let kept = train.subset(classNames: ["horse", "bird"], perClass: 1, relabel: false)
        XCTAssertEqual(kept.labels, [2, 7])
        XCTAssertEqual(kept.classes.count, 10)
        XCTAssertEqual(train.subset(2..<4).labels, [2, 3])
    }
}

final class ImageEncodingTests: XCTestCase {
    func testPNGRoundTripAndNotebookDisplay() throws {
        let image = gradientImage(width: 32, height: 32, seed: 5)
        let png = try XCTUnwrap(image.pngData())
        XCTAssertEqual(try RGBImage(decoding: [UInt8](png)), image)
        let bundle = image.mimeBundle
        XCTAssertNotNil(bundle.data["image/png"])
        XCTAssertEqual(bundle.metadata["image/png"]?["width"], 128)
        XCTAssertEqual(image.tensor.shape, [3, 32, 32])
        XCTAssertEqual(image.tensor.scalars[32 * 32], Float(5) / 255, accuracy: 1e-7)  // green of (0, 0)
    }
}
