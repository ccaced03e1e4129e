import XCTest
@testable import LearnData

final class TransformTests: XCTestCase {
    /// A one-channel byte image whose values are 0, 1, 2, … in row-major order.
    func counting(height: Int, width: Int, channels: Int = 1) -> PlanarImage<UInt8> {
        PlanarImage(channels: channels, height: height, width: width,
                    values: (0..<(channels * height * width)).map { UInt8(truncatingIfNeeded: $0) })
    }

    func bytes(_ image: TransformImage) -> PlanarImage<UInt8> {
        guard case .bytes(let planes) = image else { XCTFail("expected bytes"); return counting(height: 0, width: 0) }
        return planes
    }

    func testToTensorTurnsHWCBytesIntoCHWFloats() {
        let image = RGBImage(width: 2, height: 1, pixels: [0, 51, 255, 102, 153, 204])
        let tensor = [Transform.toTensor].apply(to: image)
        XCTAssertEqual([tensor.channels, tensor.height, tensor.width], [3, 1, 2])
        // Red plane, green plane, blue plane.
        XCTAssertEqual(tensor.values, [0, 0.4, 0.2, 0.6, 1, 0.8].map { Float($0) }, accuracy: 1e-6)
    }

    func testNormalizeUsesOneMeanAndStdPerChannel() {
        let image = RGBImage(width: 1, height: 1, pixels: [255, 0, 51])
        let out = [Transform.normalize(mean: [0.5, 0.5, 0.2], std: [0.5, 0.25, 0.1])].apply(to: image)
        XCTAssertEqual(out.values, [1, -2, 0], accuracy: 1e-5)
        let single = [Transform.toTensor, .normalize(mean: [0.5], std: [0.5])].apply(to: image)
        XCTAssertEqual(single.values, [1, -1, -0.6], accuracy: 1e-5)
    }

    func testRandomCropWithPaddingPicksEveryWindowOfThePaddedImage() {
        let image = TransformImage.bytes(counting(height: 2, width: 2))  // [[0, 1], [2, 3]]
        let crop = Transform.randomCrop(2, padding: 1)
        var seen = Set<[UInt8]>()
        for seed in 0..<200 {
            let out = bytes(crop.apply(to: image, seed: UInt64(seed)))
            XCTAssertEqual([out.height, out.width], [2, 2])
            seen.insert(out.values)
        }
        // The padded image is [[z, z, z, z], [z, 0, 1, z], [z, 2, 3, z], [z, z, z, z]]
        // and has 3 × 3 windows of 2 × 2.
        let windows: Set<[UInt8]> = [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0],
                                     [0, 0, 0, 2], [0, 1, 2, 3], [1, 0, 3, 0],
                                     [0, 2, 0, 0], [2, 3, 0, 0], [3, 0, 0, 0]]
        XCTAssertEqual(seen, windows)
        XCTAssertEqual(crop.apply(to: image, seed: 7), crop.apply(to: image, seed: 7))
    }

    func testRandomCropWithoutPaddingStaysInside() {
        let image = TransformImage.bytes(counting(height: 4, width: 4))
        for seed in 0..<50 {
            let out = bytes(Transform.randomCrop(3).apply(to: image, seed: UInt64(seed)))
            let top = Int(out.values[0]) / 4, left = Int(out.values[0]) % 4
            XCTAssertTrue(top <= 1 && left <= 1)
            XCTAssertEqual(out.values, [0, 1, 2, 4, 5, 6, 8, 9, 10].map { UInt8($0 + 4 * top + left) })
        }
    }

    func testHorizontalFlipMirrorsRowsHalfTheTime() {
        let image = TransformImage.bytes(counting(height: 2, width: 3, channels: 2))
        let always = bytes(Transform.randomHorizontalFlip(probability: 1).apply(to: image))
        XCTAssertEqual(always.values, [2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9])
        XCTAssertEqual(Transform.randomHorizontalFlip(probability: 0).apply(to: image), image)
        let flips = (0..<1000).filter { Transform.horizontalFlip.apply(to: image, seed: UInt64($0)) != image }.count
        XCTAssertTrue((430...570).contains(flips), "\(flips) flips in 1000")
    }

    func testResizeUpIsBilinearWithHalfPixelCentres() {
        let row = PlanarImage<UInt8>(channels: 1, height: 1, width: 2, values: [0, 100])
        let out = bytes(Transform.resize(height: 1, width: 4).apply(to: .bytes(row)))
        XCTAssertEqual(out.values, [0, 25, 75, 100])  // as torch's bilinear, align_corners=False
    }

    func testResizeDownAveragesLikePIL() {
        let row = PlanarImage<UInt8>(channels: 1, height: 1, width: 4, values: [0, 100, 200, 40])
        let out = bytes(Transform.resize(height: 1, width: 2).apply(to: .bytes(row)))
        // Triangle filter twice as wide: (0·¾ + 100·¾ + 200·¼) / 1.75 and (100·¼ + 200·¾ + 40·¾) / 1.75.
        XCTAssertEqual(out.values, [71, 117])
        let floats = Transform.resize(height: 1, width: 2).apply(to: .floats(row.toFloats()))
        XCTAssertEqual(floats.floats.values, [125 / 1.75 / 255, 205 / 1.75 / 255], accuracy: 1e-6)
    }

    func testResizeShorterSideKeepsAspectRatio() {
        let image = TransformImage.bytes(counting(height: 4, width: 10))
        let out = Transform.resize(2).apply(to: image)
        XCTAssertEqual([out.height, out.width], [2, 5])
        let tall = Transform.resize(3).apply(to: .bytes(counting(height: 7, width: 2)))
        XCTAssertEqual([tall.height, tall.width], [10, 3])  // int(3 · 7 / 2)
        // A constant image stays constant.
        let grey = PlanarImage<UInt8>(channels: 3, height: 5, width: 7, filledWith: 77)
        XCTAssertTrue(bytes(Transform.resize(3).apply(to: .bytes(grey))).values.allSatisfy { $0 == 77 })
    }

    func testCenterCropTakesTheMiddle() {
        let image = TransformImage.bytes(counting(height: 5, width: 5))
        // round(1.5) = 2 (half to even), as torchvision.
        XCTAssertEqual(bytes(Transform.centerCrop(2).apply(to: image)).values, [12, 13, 17, 18])
        XCTAssertEqual(bytes(Transform.centerCrop(3).apply(to: image)).values, [6, 7, 8, 11, 12, 13, 16, 17, 18])
        // Larger than the image: zero-padded around it.
        let small = TransformImage.bytes(PlanarImage(channels: 1, height: 1, width: 1, values: [9]))
        XCTAssertEqual(bytes(Transform.centerCrop(3).apply(to: small)).values, [0, 0, 0, 0, 9, 0, 0, 0, 0])
    }

    func testRandomResizedCropOfTheWholeImageIsTheImage() {
        let image = TransformImage.bytes(counting(height: 4, width: 4, channels: 3))
        let whole = Transform.randomResizedCrop(4, scale: 1...1, ratio: 1...1)
        XCTAssertEqual(whole.apply(to: image, seed: 3), image)
    }

    func testRandomResizedCropWindowsFollowScaleAndRatio() {
        for seed in 0..<300 {
            var random = AugmentationRandom(seed: UInt64(seed))
            let w = randomResizedWindow(height: 60, width: 80, scale: 0.25...0.5, ratio: 0.5...2, random: &random)
            XCTAssertTrue(w.top >= 0 && w.left >= 0 && w.top + w.height <= 60 && w.left + w.width <= 80)
            let share = Double(w.height * w.width) / 4800
            XCTAssertTrue((0.2...0.56).contains(share), "area share \(share)")
            let ratio = Double(w.width) / Double(w.height)
            XCTAssertTrue((0.45...2.2).contains(ratio), "ratio \(ratio)")
        }
        let out = Transform.randomResizedCrop(8).apply(to: .bytes(counting(height: 20, width: 30, channels: 3)), seed: 1)
        XCTAssertEqual([out.channels, out.height, out.width], [3, 8, 8])
    }

    func testRandomResizedCropFallsBackToACentralCrop() {
        var random = AugmentationRandom(seed: 0)
        // No window of 1/2…2/3 of the area can have ratio 10 in a 10×10 image.
        let w = randomResizedWindow(height: 10, width: 10, scale: 0.5...0.66, ratio: 10...11, random: &random)
        XCTAssertEqual(w.width, 10)
        XCTAssertEqual(w.height, 1)  // round(10 / 10)
        XCTAssertEqual(w.top, 4)
    }

    func testComposedTransformsRunInOrderAndRepeatWithTheSeed() {
        let image = gradientImage(width: 8, height: 6)
        let list: [Transform] = [.randomCrop(4, padding: 2), .horizontalFlip, .normalize(mean: cifar10Mean, std: cifar10Std)]
        let a = list.apply(to: image, seed: 42), b = list.apply(to: image, seed: 42)
        XCTAssertEqual(a, b)
        XCTAssertEqual([a.channels, a.height, a.width], [3, 4, 4])
        let differing = (0..<20).filter { list.apply(to: image, seed: UInt64($0)) != a }.count
        XCTAssertGreaterThan(differing, 10)
        XCTAssertEqual(list.outputSize(height: 6, width: 8).height, 4)
        // Centre crop then normalize equals normalize of the cropped bytes.
        let cropped = [Transform.centerCrop(2), .toTensor].apply(to: image)
        let manual = [Transform.centerCrop(2)].apply(to: image)
        XCTAssertEqual(cropped, manual)
    }
}

func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "counts differ", file: file, line: line)
    for (x, y) in zip(a, b) where abs(x - y) > accuracy {
        XCTFail("\(a) is not \(b)", file: file, line: line)
        return
    }
}
