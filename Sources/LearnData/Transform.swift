// Image transforms in torchvision's spirit: each is a value, a list of them composes, and
// random ones draw from a seeded stream so an epoch can be repeated exactly.
import Foundation

/// An image on its way through a transform list: bytes as decoded, or floats after `toTensor`.
/// Both are channel-planar (CHW).
public enum TransformImage: Equatable {
    case bytes(PlanarImage<UInt8>)
    case floats(PlanarImage<Float>)

    public var height: Int { switch self { case .bytes(let i): return i.height; case .floats(let i): return i.height } }
    public var width: Int { switch self { case .bytes(let i): return i.width; case .floats(let i): return i.width } }
    public var channels: Int { switch self { case .bytes(let i): return i.channels; case .floats(let i): return i.channels } }

    /// As floats: bytes are divided by 255 (ToTensor), floats are returned as they are.
    public var floats: PlanarImage<Float> {
        switch self {
        case .bytes(let image): return image.toFloats()
        case .floats(let image): return image
        }
    }

    /// Applies the same geometric operation to bytes or floats.
    func map(_ bytes: (PlanarImage<UInt8>) -> PlanarImage<UInt8>,
             _ floats: (PlanarImage<Float>) -> PlanarImage<Float>) -> TransformImage {
        switch self {
        case .bytes(let image): return .bytes(bytes(image))
        case .floats(let image): return .floats(floats(image))
        }
    }
}

/// One image transform. Build lists of them, as with `torchvision.transforms.Compose`:
///
///     let augment: [Transform] = [.randomCrop(32, padding: 4), .horizontalFlip,
///                                 .normalize(mean: cifar10Mean, std: cifar10Std)]
///
/// Transforms take bytes (HWC as decoded, turned into planes) and give bytes, except
/// `toTensor` (bytes → floats 0...1) and `normalize`. `toTensor` is implied: `normalize`
/// applies it first if the image is still bytes, and a `DataLoader` applies it at the end.
/// Random transforms draw from the stream they are given; a `DataLoader` gives each sample
/// of each epoch its own stream derived from its seed, so augmentation is reproducible.
public struct Transform: CustomStringConvertible {
    public let description: String
    let body: (TransformImage, inout AugmentationRandom) -> TransformImage
    /// The output (height, width) for an input size, or nil when it depends on the input in
    /// a way only running it tells (none of the built-in ones).
    let outputSize: (_ height: Int, _ width: Int) -> (height: Int, width: Int)

    init(_ description: String,
         outputSize: @escaping (Int, Int) -> (height: Int, width: Int),
         body: @escaping (TransformImage, inout AugmentationRandom) -> TransformImage) {
        self.description = description
        self.outputSize = outputSize
        self.body = body
    }

    // MARK: Conversions

    /// Bytes 0...255 → floats 0...1 (torchvision's ToTensor). Floats pass unchanged.
    public static var toTensor: Transform {
        Transform("toTensor", outputSize: { ($0, $1) }) { image, _ in .floats(image.floats) }
    }

    /// `(x − mean[c]) / std[c]` per channel, on floats (applies `toTensor` first if needed).
    /// `mean` and `std` hold one value per channel, or a single value for all channels.
    public static func normalize(mean: [Float], std: [Float]) -> Transform {
        precondition(!mean.isEmpty && mean.count == std.count,
                     "normalize: mean and std need the same number of values (one per channel)")
        precondition(std.allSatisfy { $0 != 0 }, "normalize: std must not contain 0")
        return Transform("normalize(mean: \(mean), std: \(std))", outputSize: { ($0, $1) }) { image, _ in
            var out = image.floats
            precondition(mean.count == 1 || mean.count == out.channels,
                         "normalize: \(mean.count) means for an image of \(out.channels) channels")
            let plane = out.height * out.width
            out.values.withUnsafeMutableBufferPointer { values in
                for c in 0..<out.channels {
                    let m = mean.count == 1 ? mean[0] : mean[c]
                    let s = std.count == 1 ? std[0] : std[c]
                    for i in (c * plane)..<((c + 1) * plane) { values[i] = (values[i] - m) / s }
                }
            }
            return .floats(out)
        }
    }

    // MARK: Geometry

    /// A random `size`×`size` window of the image padded with `padding` zero pixels on every
    /// side (torchvision's RandomCrop(size, padding)). If the padded image is still smaller
    /// than the window, the missing part is zero too.
    public static func randomCrop(_ size: Int, padding: Int = 0) -> Transform {
        randomCrop(height: size, width: size, padding: padding)
    }

    /// A random `height`×`width` window of the zero-padded image.
    public static func randomCrop(height: Int, width: Int, padding: Int = 0) -> Transform {
        precondition(height > 0 && width > 0 && padding >= 0, "randomCrop: sizes must be positive")
        return Transform("randomCrop(\(height)×\(width), padding: \(padding))",
                         outputSize: { _, _ in (height, width) }) { image, random in
            let spareRows = max(0, image.height + 2 * padding - height)
            let spareColumns = max(0, image.width + 2 * padding - width)
            let top = random.integer(below: spareRows + 1) - padding
            let left = random.integer(below: spareColumns + 1) - padding
            return image.map({ $0.cropped(top: top, left: left, height: height, width: width) },
                             { $0.cropped(top: top, left: left, height: height, width: width) })
        }
    }

    /// Mirrors the image left to right with probability 0.5.
    public static var horizontalFlip: Transform { randomHorizontalFlip(probability: 0.5) }

    /// Mirrors the image left to right with the given probability (RandomHorizontalFlip(p)).
    public static func randomHorizontalFlip(probability: Double = 0.5) -> Transform {
        Transform("randomHorizontalFlip(\(probability))", outputSize: { ($0, $1) }) { image, random in
            guard random.uniform() < probability else { return image }
            return image.map({ $0.flippedHorizontally() }, { $0.flippedHorizontally() })
        }
    }

    /// Resizes so that the shorter side becomes `size`, keeping the aspect ratio
    /// (torchvision's Resize(int): the longer side becomes `Int(size · long / short)`).
    /// Bilinear with antialiasing, as torchvision on PIL images.
    public static func resize(_ size: Int) -> Transform {
        precondition(size > 0, "resize: size must be positive")
        let outputSize: (Int, Int) -> (height: Int, width: Int) = { h, w in
            if h <= w { return (size, Int(Double(size) * Double(w) / Double(h))) }
            return (Int(Double(size) * Double(h) / Double(w)), size)
        }
        return Transform("resize(\(size))", outputSize: outputSize) { image, _ in
            let (h, w) = outputSize(image.height, image.width)
            return image.map({ $0.resized(height: h, width: w) }, { $0.resized(height: h, width: w) })
        }
    }

    /// Resizes to exactly `height`×`width` (bilinear, antialiased).
    public static func resize(height: Int, width: Int) -> Transform {
        precondition(height > 0 && width > 0, "resize: sizes must be positive")
        return Transform("resize(\(height)×\(width))", outputSize: { _, _ in (height, width) }) { image, _ in
            image.map({ $0.resized(height: height, width: width) }, { $0.resized(height: height, width: width) })
        }
    }

    /// The central `size`×`size` window (torchvision's CenterCrop: the offset is
    /// `round((H − size) / 2)`, half to even; a window larger than the image is zero-padded).
    public static func centerCrop(_ size: Int) -> Transform {
        centerCrop(height: size, width: size)
    }

    /// The central `height`×`width` window.
    public static func centerCrop(height: Int, width: Int) -> Transform {
        precondition(height > 0 && width > 0, "centerCrop: sizes must be positive")
        return Transform("centerCrop(\(height)×\(width))", outputSize: { _, _ in (height, width) }) { image, _ in
            let top = centredOffset(image.height, height)
            let left = centredOffset(image.width, width)
            return image.map({ $0.cropped(top: top, left: left, height: height, width: width) },
                             { $0.cropped(top: top, left: left, height: height, width: width) })
        }
    }

    /// A random window covering `scale` of the area with aspect ratio in `ratio` (log-uniform),
    /// resized to `size`×`size` (torchvision's RandomResizedCrop, same sampling: ten tries,
    /// then a central crop of the nearest allowed ratio).
    public static func randomResizedCrop(_ size: Int, scale: ClosedRange<Double> = 0.08...1,
                                         ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)) -> Transform {
        precondition(size > 0, "randomResizedCrop: size must be positive")
        return Transform("randomResizedCrop(\(size), scale: \(scale), ratio: \(ratio))",
                         outputSize: { _, _ in (size, size) }) { image, random in
            let window = randomResizedWindow(height: image.height, width: image.width,
                                             scale: scale, ratio: ratio, random: &random)
            return image.map({
                $0.cropped(top: window.top, left: window.left, height: window.height, width: window.width)
                    .resized(height: size, width: size)
            }, {
                $0.cropped(top: window.top, left: window.left, height: window.height, width: window.width)
                    .resized(height: size, width: size)
            })
        }
    }

    // MARK: Applying

    /// Runs the transform on one image with the given seed.
    public func apply(to image: TransformImage, seed: UInt64 = 0) -> TransformImage {
        var random = AugmentationRandom(seed: seed)
        return body(image, &random)
    }
}

/// torchvision's centre offset: `int(round((size − crop) / 2))` with Python's half-to-even
/// rounding; when the crop is larger, the padding above/left is `(crop − size) // 2`.
func centredOffset(_ size: Int, _ crop: Int) -> Int {
    if crop > size { return -((crop - size) / 2) }
    return Int((Double(size - crop) / 2).rounded(.toNearestOrEven))
}

/// torchvision's `RandomResizedCrop.get_params`.
func randomResizedWindow(height: Int, width: Int, scale: ClosedRange<Double>, ratio: ClosedRange<Double>,
                         random: inout AugmentationRandom) -> (top: Int, left: Int, height: Int, width: Int) {
    let area = Double(height * width)
    let logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
    for _ in 0..<10 {
        let targetArea = area * random.uniform(scale.lowerBound, scale.upperBound)
        let aspect = exp(random.uniform(logRatio.0, logRatio.1))
        let w = Int((targetArea * aspect).squareRoot().rounded(.toNearestOrEven))
        let h = Int((targetArea / aspect).squareRoot().rounded(.toNearestOrEven))
        if w > 0 && w <= width && h > 0 && h <= height {
            let top = random.integer(below: height - h + 1)
            let left = random.integer(below: width - w + 1)
            return (top, left, h, w)
        }
    }
    let inRatio = Double(width) / Double(height)
    var w = width, h = height
    if inRatio < ratio.lowerBound {
        h = Int((Double(w) / ratio.lowerBound).rounded(.toNearestOrEven))
    } else if inRatio > ratio.upperBound {
        w = Int((Double(h) * ratio.upperBound).rounded(.toNearestOrEven))
    }
    return ((height - h) / 2, (width - w) / 2, h, w)
}

extension Array where Element == Transform {
    /// Runs the transforms in order, then `toTensor` if the result is still bytes.
    func applied(to image: PlanarImage<UInt8>, random: inout AugmentationRandom) -> PlanarImage<Float> {
        var current = TransformImage.bytes(image)
        for transform in self { current = transform.body(current, &random) }
        return current.floats
    }

    /// The (height, width) the transforms make of an image of the given size.
    func outputSize(height: Int, width: Int) -> (height: Int, width: Int) {
        var size = (height: height, width: width)
        for transform in self { size = transform.outputSize(size.height, size.width) }
        return size
    }

    /// Runs the transforms on an image, as a `DataLoader` does, with `seed` as its stream;
    /// ends with `toTensor` if needed.
    public func apply(to image: RGBImage, seed: UInt64 = 0) -> PlanarImage<Float> {
        var random = AugmentationRandom(seed: seed)
        return applied(to: PlanarImage(image), random: &random)
    }
}
