import Foundation

/// Coverage of a line of text, ready to composite. The pen starts at column `originX` on row
/// `baseline`.
struct TextMask {
    var width: Int
    var height: Int
    var originX: Int
    var baseline: Int
    var coverage: [UInt8]
}

/// Measures and renders text with one font: DejaVu Sans through FreeType when a font file is
/// found, else the built-in bitmap font. Plot layout measures with it too, so SVG and PNG
/// get the same layout.
final class Typesetter: @unchecked Sendable {
    /// Where the TrueType font is looked for: `$SWIFTNB_FONT`, then the usual places of
    /// DejaVu Sans (Debian/Ubuntu `fonts-dejavu-core`, Fedora, Arch, macOS with it installed).
    static var searchPaths: [String] {
        var paths: [String] = []
        if let custom = ProcessInfo.processInfo.environment["SWIFTNB_FONT"], !custom.isEmpty { paths.append(custom) }
        paths += [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
            "/usr/local/share/fonts/DejaVuSans.ttf",
            "/Library/Fonts/DejaVuSans.ttf",
        ]
        return paths
    }

    static let shared: Typesetter = {
        for path in searchPaths where FileManager.default.isReadableFile(atPath: path) {
            if let font = FreeTypeFont(path: path) { return Typesetter(font: font, fontPath: path) }
        }
        return Typesetter(font: BitmapFont(), fontPath: nil)
    }()

    let font: GlyphSource
    /// The TrueType file in use; nil means the built-in bitmap font.
    let fontPath: String?

    init(font: GlyphSource, fontPath: String?) {
        self.font = font
        self.fontPath = fontPath
    }

    private func pixelSize(_ size: Double) -> Int { max(1, Int(size.rounded())) }

    private func glyphs(_ text: String, size: Double) -> [Glyph] {
        let spelled = fontPath == nil ? BitmapFont.spell(text) : text
        let pixels = pixelSize(size)
        return spelled.unicodeScalars.compactMap { scalar in
            font.glyph(for: scalar, pixelSize: pixels) ?? font.glyph(for: "?", pixelSize: pixels)
        }
    }

    func width(of text: String, size: Double) -> Double {
        glyphs(text, size: size).reduce(0) { $0 + $1.advance }
    }

    func ascender(size: Double) -> Double { font.ascender(pixelSize: pixelSize(size)) }
    func descender(size: Double) -> Double { font.descender(pixelSize: pixelSize(size)) }

    func render(_ text: String, size: Double) -> TextMask {
        let glyphs = glyphs(text, size: size)
        let pad = 2
        let ascent = Int(ascender(size: size).rounded(.up)) + 1
        let descent = Int(descender(size: size).rounded(.up)) + 1
        let advance = glyphs.reduce(0) { $0 + $1.advance }
        let width = Int(advance.rounded(.up)) + 2 * pad
        let height = ascent + descent
        var coverage = [UInt8](repeating: 0, count: max(0, width * height))
        var pen = Double(pad)
        for glyph in glyphs {
            let x0 = Int(pen.rounded()) + glyph.left
            let y0 = ascent - glyph.top
            for row in 0..<glyph.height {
                let y = y0 + row
                guard y >= 0, y < height else { continue }
                for column in 0..<glyph.width {
                    let x = x0 + column
                    guard x >= 0, x < width else { continue }
                    let value = glyph.coverage[row * glyph.width + column]
                    let index = y * width + x
                    coverage[index] = max(coverage[index], value)
                }
            }
            pen += glyph.advance
        }
        return TextMask(width: width, height: height, originX: pad, baseline: ascent, coverage: coverage)
    }
}
