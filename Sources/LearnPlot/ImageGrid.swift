import Foundation
import NotebookDisplay

/// Why an image grid could not be made from the pixels given.
public enum ImageGridError: Error, CustomStringConvertible {
    case noImages
    case badSize(width: Int, height: Int)
    case unsupportedChannels(Int)
    case wrongPixelCount(image: Int, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .noImages: return "ImageGrid: no images given"
        case let .badSize(width, height): return "ImageGrid: image size \(width)×\(height) must be positive"
        case let .unsupportedChannels(channels): return "ImageGrid: \(channels) channels; use 1 (gray), 3 (RGB) or 4 (RGBA)"
        case let .wrongPixelCount(image, expected, got):
            return "ImageGrid: image \(image) has \(got) values; width × height × channels is \(expected)"
        }
    }
}

/// How the values of one image are laid out.
public enum PixelLayout: Sendable {
    /// Height, width, channels: pixel by pixel (`[r, g, b, r, g, b, …]`), as image files are.
    case hwc
    /// Channels, height, width: one plane per channel, as tensors are.
    case chw
}

/// Images side by side with captions, shown as one PNG: a batch of training samples,
/// a model's filters, reconstructions.
///
/// ```swift
/// try ImageGrid(images: batch, width: 28, height: 28, channels: 1,
///               captions: labels.map(String.init), columns: 8, scale: 2)
/// ```
public struct ImageGrid {
    public let imageCount: Int
    public let imageWidth: Int
    public let imageHeight: Int
    public let columns: Int
    public let scale: Int
    public let captions: [String]
    /// Size of the whole grid in pixels.
    public let pixelWidth: Int
    public let pixelHeight: Int
    /// RGB bytes per image.
    private let rgbImages: [[UInt8]]

    static let gap = 6
    static let captionFont = 11.0
    static var captionHeight: Int { Int(captionFont * 1.6) }

    /// From bytes 0…255. `channels` 1 (gray), 3 (RGB) or 4 (RGBA, composited on white).
    /// `columns` defaults to up to 8 a row; `scale` enlarges each pixel to scale × scale.
    public init(images: [[UInt8]], width: Int, height: Int, channels: Int = 1, layout: PixelLayout = .hwc,
                captions: [String]? = nil, columns: Int? = nil, scale: Int = 1) throws {
        guard !images.isEmpty else { throw ImageGridError.noImages }
        guard width > 0, height > 0 else { throw ImageGridError.badSize(width: width, height: height) }
        guard [1, 3, 4].contains(channels) else { throw ImageGridError.unsupportedChannels(channels) }
        let expected = width * height * channels
        var rgb: [[UInt8]] = []
        for (index, image) in images.enumerated() {
            guard image.count == expected else {
                throw ImageGridError.wrongPixelCount(image: index, expected: expected, got: image.count)
            }
            rgb.append(Self.rgb(image, pixels: width * height, channels: channels, layout: layout))
        }
        imageCount = images.count
        imageWidth = width
        imageHeight = height
        self.scale = max(1, scale)
        self.columns = max(1, min(columns ?? min(8, images.count), images.count))
        self.captions = captions ?? []
        rgbImages = rgb
        let rows = (images.count + self.columns - 1) / self.columns
        let cellHeight = height * self.scale + (self.captions.isEmpty ? 0 : Self.captionHeight)
        pixelWidth = self.columns * width * self.scale + (self.columns + 1) * Self.gap
        pixelHeight = rows * cellHeight + (rows + 1) * Self.gap
    }

    /// From floating-point values in 0…1 (clamped), channels first (`.chw`, as tensors hold
    /// images) unless `layout` says otherwise.
    public init<F: BinaryFloatingPoint>(images: [[F]], width: Int, height: Int, channels: Int = 1,
                                        layout: PixelLayout = .chw, captions: [String]? = nil,
                                        columns: Int? = nil, scale: Int = 1) throws {
        let bytes = images.map { image in
            image.map { value -> UInt8 in
                let v = Double(value)
                return v.isNaN ? 0 : UInt8((max(0, min(1, v)) * 255).rounded())
            }
        }
        try self.init(images: bytes, width: width, height: height, channels: channels, layout: layout,
                      captions: captions, columns: columns, scale: scale)
    }

    private static func rgb(_ image: [UInt8], pixels: Int, channels: Int, layout: PixelLayout) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: pixels * 3)
        for p in 0..<pixels {
            func value(_ channel: Int) -> UInt8 {
                layout == .hwc ? image[p * channels + channel] : image[channel * pixels + p]
            }
            switch channels {
            case 1:
                let v = value(0)
                out[3 * p] = v; out[3 * p + 1] = v; out[3 * p + 2] = v
            case 3:
                out[3 * p] = value(0); out[3 * p + 1] = value(1); out[3 * p + 2] = value(2)
            default:
                let alpha = Double(value(3)) / 255
                for c in 0..<3 {
                    out[3 * p + c] = UInt8((Double(value(c)) * alpha + 255 * (1 - alpha)).rounded())
                }
            }
        }
        return out
    }

    /// Where image `index` starts in the grid, in pixels.
    func origin(of index: Int) -> (x: Int, y: Int) {
        let cellHeight = imageHeight * scale + (captions.isEmpty ? 0 : Self.captionHeight)
        let row = index / columns, column = index % columns
        return (Self.gap + column * (imageWidth * scale + Self.gap), Self.gap + row * (cellHeight + Self.gap))
    }

    func render() -> RasterCanvas {
        let canvas = RasterCanvas(width: pixelWidth, height: pixelHeight)
        let typesetter = Typesetter.shared
        for (index, image) in rgbImages.enumerated() {
            var scaled = image
            let w = imageWidth * scale, h = imageHeight * scale
            if scale > 1 {
                scaled = [UInt8](repeating: 0, count: w * h * 3)
                for y in 0..<h {
                    for x in 0..<w {
                        let s = 3 * ((y / scale) * imageWidth + x / scale), t = 3 * (y * w + x)
                        scaled[t] = image[s]; scaled[t + 1] = image[s + 1]; scaled[t + 2] = image[s + 2]
                    }
                }
            }
            let (x, y) = origin(of: index)
            canvas.blit(scaled, width: w, height: h, channels: 3, atX: x, y: y)
            if index < captions.count, !captions[index].isEmpty {
                var caption = captions[index]
                while caption.count > 1, typesetter.width(of: caption, size: Self.captionFont) > Double(w + Self.gap - 2) {
                    caption = String(caption.dropLast(2)) + "…"
                }
                canvas.text(caption, at: Point(x: Double(x) + Double(w) / 2, y: Double(y + h) + Self.captionFont * 1.25),
                            size: Self.captionFont, color: Theme.text, anchor: .middle, rotated: false)
            }
        }
        return canvas
    }

    public func png() throws -> Data { try render().pngData() }

    /// Writes the grid as PNG (written whole, then renamed into place).
    public func save(_ path: String) throws {
        try png().write(to: URL(fileURLWithPath: (path as NSString).expandingTildeInPath), options: .atomic)
    }
}

extension ImageGrid: DisplayRepresentable, CustomStringConvertible {
    public var description: String {
        "<ImageGrid \(imageCount) image\(imageCount == 1 ? "" : "s") \(imageWidth)×\(imageHeight), \(columns) column\(columns == 1 ? "" : "s"), \(pixelWidth)×\(pixelHeight) px>"
    }

    public var mimeBundle: MIMEBundle {
        guard let data = try? png() else { return .plain(description + " (PNG encoding failed)") }
        return MIMEBundle(["image/png": data.base64EncodedString(), "text/plain": description],
                          metadata: ["image/png": ["width": pixelWidth, "height": pixelHeight]])
    }
}
