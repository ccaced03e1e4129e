@_implementationOnly import CPNG
import Foundation

/// Why a PNG could not be made.
public enum PNGError: Error, CustomStringConvertible {
    case badPixelCount(expected: Int, got: Int)
    case unsupportedChannels(Int)
    case libpng(String)

    public var description: String {
        switch self {
        case let .badPixelCount(expected, got):
            return "PNG: expected \(expected) pixel bytes (width × height × channels), got \(got)"
        case let .unsupportedChannels(channels):
            return "PNG: \(channels) channels per pixel; use 1 (gray), 3 (RGB) or 4 (RGBA)"
        case let .libpng(message):
            return "PNG: libpng failed: \(message)"
        }
    }
}

/// Compresses 8-bit pixels (row-major, interleaved channels) to PNG with libpng's
/// simplified API, which reports errors by return value instead of `longjmp`.
enum PNGEncoder {
    static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        let format: UInt32
        switch channels {
        case 1: format = UInt32(PNG_FORMAT_GRAY)
        case 3: format = UInt32(PNG_FORMAT_RGB)
        case 4: format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        default: throw PNGError.unsupportedChannels(channels)
        }
        guard pixels.count == width * height * channels, width > 0, height > 0 else {
            throw PNGError.badPixelCount(expected: width * height * channels, got: pixels.count)
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format
        let stride = Int32(width * channels)

        func message(_ image: inout png_image) -> String {
            withUnsafeBytes(of: &image.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }

        var size = 0
        let sized = pixels.withUnsafeBytes { buffer in
            png_image_write_to_memory(&image, nil, &size, 0, buffer.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else { throw PNGError.libpng(message(&image)) }
        var output = Data(count: size)
        let written = output.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { buffer in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, buffer.baseAddress, stride, nil)
            }
        }
        guard written != 0 else { throw PNGError.libpng(message(&image)) }
        output.count = size
        return output
    }
}
