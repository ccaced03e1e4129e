import XCTest
import Learn

final class TensorImagesTests: XCTestCase {
    func testABatchBecomesAGridWithClassCaptions() throws {
        // Two 2×2 RGB images: the first all red, the second all blue.
        let red: [Float] = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        let blue: [Float] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
        let batch = Tensor(shape: [2, 3, 2, 2], scalars: red + blue)
        let grid = try ImageGrid(batch: batch, labels: IntTensor(shape: [2], scalars: [1, 0]), classNames: ["cat", "dog"], scale: 1)
        XCTAssertEqual(grid.imageCount, 2)
        XCTAssertEqual(grid.captions, ["dog", "cat"])
        XCTAssertEqual(grid.imageWidth, 2)
    }

    func testNormalisedValuesAreShownAsTheOriginals() throws {
        // (0.5 - 0.5) / 0.25 = 0 must come back as 0.5 grey, not black.
        let batch = Tensor(shape: [1, 1, 1, 1], scalars: [0])
        let restored = try ImageGrid(batch: batch, mean: [0.5], std: [0.25], scale: 1)
        let grey = try ImageGrid(images: [[Float(0.5)]], width: 1, height: 1, channels: 1, scale: 1)
        let black = try ImageGrid(images: [[Float(0)]], width: 1, height: 1, channels: 1, scale: 1)
        XCTAssertEqual(restored.mimeBundle.data["image/png"], grey.mimeBundle.data["image/png"])
        XCTAssertNotEqual(restored.mimeBundle.data["image/png"], black.mimeBundle.data["image/png"])
    }

    func testABatchOfTheWrongRankIsAnError() {
        XCTAssertThrowsError(try ImageGrid(batch: Tensor(shape: [3, 2], scalars: Array(repeating: 0, count: 6))))
    }
}
