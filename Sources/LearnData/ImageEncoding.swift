// PNG encoding of decoded images (libpng), for saving them and showing them in a notebook.
import Foundation
import LearnCore
@_implementationOnly import CPNG

extension RGBImage: DisplayRepresentable {
    /// The image as PNG bytes (8-bit RGB), or nil if libpng refuses (an empty image).
    public func pngData() -> Data? {
        guard width > 0 && height > 0 else { return nil }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_RGB)
        var size = 0
        let measured = pixels.withUnsafeBytes { source in
            png_image_write_to_memory(&image, nil, &size, 0, source.baseAddress, Int32(width * 3), nil)
        }
        guard measured != 0, size > 0 else { png_image_free(&image); return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        let written = pixels.withUnsafeBytes { source in
            bytes.withUnsafeMutableBytes { target in
                png_image_write_to_memory(&image, target.baseAddress, &size, 0, source.baseAddress, Int32(width * 3), nil)
            }
        }
        guard written != 0 else { png_image_free(&image); return nil }
        return Data(bytes.prefix(size))
    }

    /// Writes the image as a PNG file.
    public func savePNG(_ path: String) throws {
        guard let data = pngData() else { throw DataError.io(path: path, reason: "cannot encode an empty image") }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw DataError.io(path: path, reason: error.localizedDescription)
        }
    }

    /// In a notebook: the picture, shown at least 128 pixels wide (CIFAR's 32×32 would be a dot).
    public var mimeBundle: MIMEBundle {
        guard let png = pngData() else { return .plain(description) }
        let shownWidth = width >= 128 ? width : width * ((128 + width - 1) / width)
        return MIMEBundle(["image/png": png.base64EncodedString(), "text/plain": description],
                          metadata: ["image/png": ["width": shownWidth]])
    }
}

extension PlanarImage where Element == Float {
    /// The image as a `[channels, height, width]` tensor.
    public var tensor: Tensor { Tensor(shape: [channels, height, width], scalars: values) }
}

extension RGBImage {
    /// The image as a `[3, height, width]` tensor of floats in 0...1 (ToTensor).
    public var tensor: Tensor { PlanarImage(self).toFloats().tensor }
}

extension Array where Element == Transform {
    /// The transforms applied to one image, as a `[3, height, width]` tensor (ending with
    /// `toTensor` if needed); add a batch axis to feed a model.
    public func tensor(_ image: RGBImage, seed: UInt64 = 0) -> Tensor {
        apply(to: image, seed: seed).tensor
    }
}
