// Channel-planar images (CHW), the form transforms work on.

/// An image stored channel by channel (CHW): `values[(c * height + y) * width + x]`.
/// Transforms work on bytes (`PlanarImage<UInt8>`, as decoded) until `toTensor`, then on
/// floats (`PlanarImage<Float>`).
public struct PlanarImage<Element: PixelValue>: Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var values: [Element]

    public init(channels: Int, height: Int, width: Int, values: [Element]) {
        precondition(values.count == channels * height * width,
                     "PlanarImage: \(values.count) values do not make \(channels)×\(height)×\(width)")
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    init(channels: Int, height: Int, width: Int, filledWith value: Element = .zero) {
        self.init(channels: channels, height: height, width: width,
                  values: [Element](repeating: value, count: channels * height * width))
    }

    @inline(__always) public subscript(c: Int, y: Int, x: Int) -> Element {
        get { values[(c * height + y) * width + x] }
        set { values[(c * height + y) * width + x] = newValue }
    }
}

/// A pixel sample type transforms can interpolate: `UInt8` (rounded and clamped to 0...255)
/// or `Float` (kept as is).
public protocol PixelValue: Equatable {
    static var zero: Self { get }
    var floatValue: Float { get }
    init(interpolated value: Float)
}

extension UInt8: PixelValue {
    @inline(__always) public var floatValue: Float { Float(self) }
    @inline(__always) public init(interpolated value: Float) {
        self = UInt8(Swift.min(Swift.max(value.rounded(), 0), 255))
    }
}

extension Float: PixelValue {
    @inline(__always) public var floatValue: Float { self }
    @inline(__always) public init(interpolated value: Float) { self = value }
}

extension PlanarImage where Element == UInt8 {
    /// The planes of an interleaved RGB image.
    public init(_ image: RGBImage) {
        let plane = image.width * image.height
        var values = [UInt8](repeating: 0, count: plane * 3)
        image.pixels.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for i in 0..<plane {
                    target[i] = source[3 * i]
                    target[plane + i] = source[3 * i + 1]
                    target[2 * plane + i] = source[3 * i + 2]
                }
            }
        }
        self.init(channels: 3, height: image.height, width: image.width, values: values)
    }

    /// Back to an interleaved RGB image (needs three channels).
    public var rgbImage: RGBImage {
        precondition(channels == 3, "an RGB image needs 3 channels, this one has \(channels)")
        let plane = width * height
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        for i in 0..<plane {
            pixels[3 * i] = values[i]
            pixels[3 * i + 1] = values[plane + i]
            pixels[3 * i + 2] = values[2 * plane + i]
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// ToTensor: floats in 0...1 (byte / 255), same layout.
    public func toFloats() -> PlanarImage<Float> {
        PlanarImage<Float>(channels: channels, height: height, width: width,
                           values: values.map { Float($0) / 255 })
    }
}
