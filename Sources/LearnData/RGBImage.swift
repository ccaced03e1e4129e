// A decoded colour image: 8-bit red, green and blue samples, interleaved row by row.

/// An 8-bit RGB image as decoders produce it: `pixels` holds height × width × 3 bytes in
/// row-major order, each pixel's red, green and blue side by side (HWC, like PIL or NumPy).
public struct RGBImage: Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3,
                     "RGBImage: \(pixels.count) bytes do not make a \(width)×\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The red, green and blue bytes of the pixel in column `x`, row `y`.
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Reads and decodes a JPEG or PNG file (recognised by its first bytes, not its name).
    public init(contentsOf path: String) throws {
        let bytes = try readFile(path)
        self = try ImageDecoder().decode(bytes, path: path)
    }

    /// Decodes JPEG or PNG bytes; `name` is used in error messages.
    public init(decoding bytes: [UInt8], name: String = "<memory>") throws {
        self = try ImageDecoder().decode(bytes, path: name)
    }
}

extension RGBImage: CustomStringConvertible {
    public var description: String { "RGBImage(\(width)×\(height))" }
}
