/// One rendered glyph: an 8-bit coverage bitmap placed relative to the pen on the baseline.
struct Glyph {
    var width: Int
    var height: Int
    /// Pixels from the pen to the bitmap's left edge.
    var left: Int
    /// Pixels from the baseline up to the bitmap's top row.
    var top: Int
    /// How far the pen moves, in pixels.
    var advance: Double
    /// `width × height` coverage values, row-major, 255 = fully covered.
    var coverage: [UInt8]
}

/// Something that renders glyphs at a pixel size: FreeType, or the built-in bitmap font.
protocol GlyphSource: AnyObject {
    func glyph(for scalar: Unicode.Scalar, pixelSize: Int) -> Glyph?
    /// Height of the tallest letters above the baseline, in pixels.
    func ascender(pixelSize: Int) -> Double
    /// Depth below the baseline, in pixels (positive).
    func descender(pixelSize: Int) -> Double
}
