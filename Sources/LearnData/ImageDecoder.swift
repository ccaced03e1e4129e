// JPEG (libjpeg-turbo) and PNG (libpng) decoding to RGB bytes.
import Foundation
@_implementationOnly import CTurboJPEG
@_implementationOnly import CPNG

/// Decodes JPEG and PNG images into `RGBImage`s. Holds a libjpeg-turbo handle, so make one per
/// thread and reuse it for many images; it is not safe to share between threads.
final class ImageDecoder {
    private var jpegHandle: tjhandle?

    init() {}

    deinit {
        if let handle = jpegHandle { tjDestroy(handle) }
    }

    enum Format { case jpeg, png }

    static func format(of bytes: [UInt8]) -> Format? {
        if bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8 && bytes[0] == 0x89 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[3] == 0x47 {
            return .png
        }
        return nil
    }

    /// Images above this many pixels (a quarter gigapixel) are refused rather than allocated:
    /// a damaged header can claim any size.
    static let maximumPixels = 1 << 28

    static func checkSize(width: Int, height: Int, path: String) throws {
        guard width > 0, height > 0, width * height <= maximumPixels else {
            throw DataError.corruptImage(path: path, reason: "claims to be \(width)×\(height) pixels, more than this library decodes")
        }
    }

    func decode(_ bytes: [UInt8], path: String) throws -> RGBImage {
        switch ImageDecoder.format(of: bytes) {
        case .jpeg: return try decodeJPEG(bytes, path: path)
        case .png: return try decodePNG(bytes, path: path)
        case nil:
            let reason = bytes.isEmpty ? "the file is empty" : "not a JPEG or PNG file"
            throw DataError.corruptImage(path: path, reason: reason)
        }
    }

    /// Decodes with libjpeg-turbo. Warnings (a truncated file, corrupt entropy data) count as
    /// errors: the image would be partly grey.
    func decodeJPEG(_ bytes: [UInt8], path: String) throws -> RGBImage {
        if jpegHandle == nil { jpegHandle = tjInitDecompress() }
        guard let handle = jpegHandle else {
            throw DataError.corruptImage(path: path, reason: "libjpeg-turbo could not start a decompressor")
        }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle, buffer.baseAddress, UInt(buffer.count),
                                &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0, width > 0, height > 0 else {
            throw DataError.corruptImage(path: path, reason: jpegError(handle))
        }
        try ImageDecoder.checkSize(width: Int(width), height: Int(height), path: path)
        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
        let status = bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), target.baseAddress,
                              width, 0, height, Int32(TJPF_RGB.rawValue), 0)
            }
        }
        guard status == 0 else {
            throw DataError.corruptImage(path: path, reason: jpegError(handle))
        }
        return RGBImage(width: Int(width), height: Int(height), pixels: pixels)
    }

    private func jpegError(_ handle: tjhandle) -> String {
        guard let message = tjGetErrorStr2(handle) else { return "libjpeg-turbo error" }
        return String(cString: message)
    }

    /// Decodes with libpng's simplified API: grey, palette and 16-bit images become 8-bit RGB;
    /// an alpha channel is composited onto black.
    func decodePNG(_ bytes: [UInt8], path: String) throws -> RGBImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBufferPointer { buffer in
            png_image_begin_read_from_memory(&image, buffer.baseAddress, buffer.count)
        }
        guard began != 0 else {
            let reason = pngMessage(&image)
            png_image_free(&image)
            throw DataError.corruptImage(path: path, reason: reason)
        }
        image.format = UInt32(PNG_FORMAT_RGB)
        let width = Int(image.width), height = Int(image.height)
        do { try ImageDecoder.checkSize(width: width, height: height, path: path) } catch {
            png_image_free(&image)
            throw error
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let finished = pixels.withUnsafeMutableBytes { target in
            png_image_finish_read(&image, nil, target.baseAddress, Int32(width * 3), nil)
        }
        guard finished != 0 else {
            let reason = pngMessage(&image)
            png_image_free(&image)
            throw DataError.corruptImage(path: path, reason: reason)
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    private func pngMessage(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let text = raw.prefix { $0 != 0 }
            return text.isEmpty ? "libpng error" : String(decoding: text, as: UTF8.self)
        }
    }
}

/// The whole file as bytes, or `DataError.missingPath` / `.io` naming it. Plain POSIX calls:
/// building the CIFAR-10 cache reads 60,000 small files and Foundation's overhead shows.
func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
        let code = errno
        if code == ENOENT { throw DataError.missingPath(path) }
        throw DataError.io(path: path, reason: String(cString: strerror(code)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
        throw DataError.io(path: path, reason: String(cString: strerror(errno)))
    }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw DataError.io(path: path, reason: "is a folder") }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var filled = 0
    while filled < bytes.count {
        let got = bytes.withUnsafeMutableBytes { buffer in
            read(fd, buffer.baseAddress! + filled, buffer.count - filled)
        }
        if got < 0 {
            if errno == EINTR { continue }
            throw DataError.io(path: path, reason: String(cString: strerror(errno)))
        }
        if got == 0 { break }
        filled += got
    }
    if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
    return bytes
}
