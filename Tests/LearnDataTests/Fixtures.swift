// Small fixtures made in the tests: temporary folders, JPEG and PNG files encoded here with
// libjpeg-turbo and libpng, CIFAR-10 binary batches.
import Foundation
import XCTest
import CTurboJPEG
import CPNG
@testable import LearnData

/// A fresh temporary folder, removed when the test ends.
func temporaryFolder(_ test: XCTestCase) throws -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("learndata-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// An image whose pixel (x, y) is (r, g, b) = (10·x + seed, 10·y + seed, 100 + seed)
/// mod 256, so every pixel says where it is.
func gradientImage(width: Int, height: Int, seed: Int = 0) -> RGBImage {
    var pixels: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            pixels += [UInt8((10 * x + seed) % 256), UInt8((10 * y + seed) % 256), UInt8((100 + seed) % 256)]
        }
    }
    return RGBImage(width: width, height: height, pixels: pixels)
}

/// JPEG bytes (4:4:4, quality 100) made by libjpeg-turbo.
func encodeJPEG(_ image: RGBImage, quality: Int32 = 100) -> [UInt8] {
    let handle = tjInitCompress()!
    defer { tjDestroy(handle) }
    var buffer: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    let status = image.pixels.withUnsafeBufferPointer { pixels in
        tjCompress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height),
                    Int32(TJPF_RGB.rawValue), &buffer, &size, Int32(TJSAMP_444.rawValue), quality, 0)
    }
    precondition(status == 0, String(cString: tjGetErrorStr2(handle)))
    defer { tjFree(buffer) }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
}

/// PNG bytes (8-bit RGB) made by libpng.
func encodePNG(_ image: RGBImage) -> [UInt8] {
    var png = png_image()
    png.version = UInt32(PNG_IMAGE_VERSION)
    png.width = UInt32(image.width)
    png.height = UInt32(image.height)
    png.format = UInt32(PNG_FORMAT_RGB)
    var size = 0
    _ = image.pixels.withUnsafeBytes { pixels in
        png_image_write_to_memory(&png, nil, &size, 0, pixels.baseAddress, Int32(image.width * 3), nil)
    }
    var bytes = [UInt8](repeating: 0, count: size)
    let ok = image.pixels.withUnsafeBytes { pixels in
        bytes.withUnsafeMutableBytes { target in
            png_image_write_to_memory(&png, target.baseAddress, &size, 0, pixels.baseAddress, Int32(image.width * 3), nil)
        }
    }
    precondition(ok != 0, "libpng could not encode")
    return Array(bytes.prefix(size))
}

func write(_ bytes: [UInt8], to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// One CIFAR-10 binary record: the label, then 1,024 red, 1,024 green and 1,024 blue bytes,
/// each plane filled with a value derived from `n` so records are told apart byte by byte.
func cifarRecord(label: UInt8, n: Int) -> [UInt8] {
    var record = [label]
    for channel in 0..<3 {
        for i in 0..<1024 { record.append(UInt8((n * 7 + channel * 50 + i) % 256)) }
    }
    return record
}

/// Writes the six batch files with `perFile` records each; record n has label n % 10.
func writeCIFARBatches(in folder: String, perFile: Int) throws {
    var n = 0
    for name in CIFAR10.trainFiles + [CIFAR10.testFile] {
        var bytes: [UInt8] = []
        for _ in 0..<perFile {
            bytes += cifarRecord(label: UInt8(n % 10), n: n)
            n += 1
        }
        try write(bytes, to: (folder as NSString).appendingPathComponent(name))
    }
}

/// The repository root, found from this file's path (Tests/LearnDataTests/Fixtures.swift).
let repositoryRoot = (((#filePath as NSString).deletingLastPathComponent as NSString)
    .deletingLastPathComponent as NSString).deletingLastPathComponent
