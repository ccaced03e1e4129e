import Foundation
import NotebookDisplay
import XCTest
@testable import LearnPlot

final class ImageGridTests: XCTestCase {
    func testGridSizeFollowsImageSizeColumnsScaleAndCaptions() throws {
        let images = Array(repeating: [UInt8](repeating: 0, count: 28 * 28), count: 10)
        let grid = try ImageGrid(images: images, width: 28, height: 28, channels: 1, columns: 4, scale: 2)
        let gap = ImageGrid.gap
        XCTAssertEqual(grid.pixelWidth, 4 * 56 + 5 * gap)
        XCTAssertEqual(grid.pixelHeight, 3 * 56 + 4 * gap, "10 images in 4 columns make 3 rows")
        let png = try XCTUnwrap(DecodedPNG(try grid.png()))
        XCTAssertEqual(png.width, grid.pixelWidth)
        XCTAssertEqual(png.height, grid.pixelHeight)

        let captioned = try ImageGrid(images: images, width: 28, height: 28, captions: images.indices.map(String.init), columns: 5)
        XCTAssertEqual(captioned.pixelHeight, 2 * (28 + ImageGrid.captionHeight) + 3 * gap)
    }

    func testPixelsLandWhereTheImageIs() throws {
        // A red RGB image and a gray one; HWC bytes.
        let red = [UInt8](repeating: 0, count: 4 * 3 * 3).enumerated().map { $0.offset % 3 == 0 ? 255 : 0 } as [UInt8]
        let gray = [UInt8](repeating: 0, count: 4 * 3 * 3).map { _ in UInt8(128) }
        let grid = try ImageGrid(images: [red, gray], width: 4, height: 3, channels: 3, columns: 2, scale: 2)
        let png = try XCTUnwrap(DecodedPNG(try grid.png()))
        let first = grid.origin(of: 0), second = grid.origin(of: 1)
        XCTAssertEqual(png.rgb(first.x + 3, first.y + 2), 0xff0000)
        XCTAssertEqual(png.rgb(second.x + 7, second.y + 5), 0x808080)
        XCTAssertEqual(png.rgb(0, 0), 0xffffff, "white gaps")
    }

    func testChannelsFirstFloatsAreConverted() throws {
        // CHW: a 2×1 image, red plane [1, 0], green [0, 1], blue [0, 0].
        let image: [Float] = [1, 0, 0, 1, 0, 0]
        let grid = try ImageGrid(images: [image], width: 2, height: 1, channels: 3)
        let png = try XCTUnwrap(DecodedPNG(try grid.png()))
        let origin = grid.origin(of: 0)
        XCTAssertEqual(png.rgb(origin.x, origin.y), 0xff0000)
        XCTAssertEqual(png.rgb(origin.x + 1, origin.y), 0x00ff00)
    }

    func testWrongPixelCountIsReportedWithTheImageIndex() {
        let images: [[UInt8]] = [[0, 0, 0, 0], [0, 0, 0]]
        XCTAssertThrowsError(try ImageGrid(images: images, width: 2, height: 2)) { error in
            XCTAssertEqual("\(error)", "ImageGrid: image 1 has 3 values; width × height × channels is 4")
        }
        XCTAssertThrowsError(try ImageGrid(images: [[UInt8]](), width: 2, height: 2))
        XCTAssertThrowsError(try ImageGrid(images: [[0, 0]], width: 1, height: 1, channels: 2))
    }

    func testMIMEBundleIsPNGWithSize() throws {
        let grid = try ImageGrid(images: [[0, 255, 255, 0]], width: 2, height: 2)
        let bundle = MIMEBundle.of(grid)
        XCTAssertNotNil(bundle.data["image/png"].flatMap { Data(base64Encoded: $0) }.flatMap(DecodedPNG.init))
        XCTAssertEqual(bundle.data["text/plain"], grid.description)
        XCTAssertEqual(bundle.metadata["image/png"]?["width"], grid.pixelWidth)
    }
}
