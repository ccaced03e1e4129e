@_implementationOnly import CFreeType
import Foundation

/// A TrueType font rendered through FreeType, with a glyph cache.
final class FreeTypeFont: GlyphSource {
    private var library: FT_Library?
    private var face: FT_Face?
    private var cache: [GlyphKey: Glyph?] = [:]
    private let lock = NSLock()
    let path: String

    private struct GlyphKey: Hashable {
        var scalar: UInt32
        var size: Int
    }

    /// nil when FreeType cannot open the file.
    init?(path: String) {
        self.path = path
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        guard FT_New_Face(library, path, 0, &face) == 0, face != nil else {
            FT_Done_FreeType(library)
            self.library = nil
            return nil
        }
    }

    deinit {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
    }

    private func setSize(_ pixelSize: Int) {
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(max(1, pixelSize)))
    }

    func glyph(for scalar: Unicode.Scalar, pixelSize: Int) -> Glyph? {
        lock.lock()
        defer { lock.unlock() }
        let key = GlyphKey(scalar: scalar.value, size: pixelSize)
        if let cached = cache[key] { return cached }
        let rendered = render(scalar, pixelSize: pixelSize)
        cache[key] = rendered
        return rendered
    }

    private func render(_ scalar: Unicode.Scalar, pixelSize: Int) -> Glyph? {
        guard let face else { return nil }
        setSize(pixelSize)
        let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
        guard index != 0 || scalar == " " else { return nil }
        // Light hinting: sharp horizontal stems, unhinted widths.
        let flags = FT_Int32(FT_LOAD_RENDER) | FT_Int32(1 << 16)
        guard FT_Load_Glyph(face, index, flags) == 0, let slot = face.pointee.glyph else { return nil }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width), height = Int(bitmap.rows), pitch = Int(bitmap.pitch)
        var coverage = [UInt8](repeating: 0, count: width * height)
        if let buffer = bitmap.buffer, width > 0, height > 0 {
            for row in 0..<height {
                for column in 0..<width {
                    coverage[row * width + column] = buffer[row * pitch + column]
                }
            }
        }
        return Glyph(width: width, height: height, left: Int(slot.pointee.bitmap_left),
                     top: Int(slot.pointee.bitmap_top), advance: Double(slot.pointee.advance.x) / 64,
                     coverage: coverage)
    }

    func ascender(pixelSize: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        guard let face else { return Double(pixelSize) * 0.76 }
        setSize(pixelSize)
        return Double(face.pointee.size.pointee.metrics.ascender) / 64
    }

    func descender(pixelSize: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        guard let face else { return Double(pixelSize) * 0.24 }
        setSize(pixelSize)
        return -Double(face.pointee.size.pointee.metrics.descender) / 64
    }
}
