import CPNG
import Foundation

/// A PNG decoded back with libpng, as RGBA, so tests can check sizes and pixel colours.
struct DecodedPNG {
    var width: Int
    var height: Int
    var rgba: [UInt8]

    init?(_ data: Data) {
        let decoded: (Int, Int, [UInt8])? = data.withUnsafeBytes { bytes in
            var image = png_image()
            image.version = png_uint_32(PNG_IMAGE_VERSION)
            guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else { return nil }
            image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
            let w = Int(image.width), h = Int(image.height)
            var pixels = [UInt8](repeating: 0, count: w * h * 4)
            let finished = pixels.withUnsafeMutableBytes { out in
                png_image_finish_read(&image, nil, out.baseAddress, Int32(w * 4), nil)
            }
            png_image_free(&image)
            return finished != 0 ? (w, h, pixels) : nil
        }
        guard let decoded else { return nil }
        (width, height, rgba) = decoded
    }

    /// `0xRRGGBB` of the pixel at (x, y).
    func rgb(_ x: Int, _ y: Int) -> UInt32 {
        let i = 4 * (y * width + x)
        return UInt32(rgba[i]) << 16 | UInt32(rgba[i + 1]) << 8 | UInt32(rgba[i + 2])
    }
}
