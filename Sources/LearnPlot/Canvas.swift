/// A point in figure coordinates: pixels from the top-left corner, y growing downwards.
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in figure coordinates.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func insetBy(left: Double, top: Double, right: Double, bottom: Double) -> Rect {
        Rect(x: x + left, y: y + top, width: max(1, width - left - right), height: max(1, height - top - bottom))
    }

    func contains(_ point: Point) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}

/// How a line is drawn.
public enum LineStyle: Sendable {
    case solid, dashed, dotted, dashDot

    /// On/off lengths in units of the line width; nil for solid.
    func dashPattern(width: Double) -> [Double]? {
        let unit = max(1, width)
        switch self {
        case .solid: return nil
        case .dashed: return [3.7 * unit, 1.6 * unit]
        case .dotted: return [1 * unit, 1.65 * unit]
        case .dashDot: return [6.4 * unit, 1.6 * unit, 1 * unit, 1.6 * unit]
        }
    }
}

/// Where text sits relative to its anchor point.
enum TextAnchor {
    case start, middle, end
}

/// The drawing operations a figure needs; `SVGCanvas` writes them as SVG elements and
/// `RasterCanvas` paints them into pixels. Layout code draws once against this protocol.
protocol Canvas: AnyObject {
    var width: Double { get }
    var height: Double { get }
    func fill(_ rect: Rect, color: Color)
    func stroke(_ rect: Rect, color: Color, lineWidth: Double)
    /// A straight segment of chrome (axes, ticks, grid, legend swatches). Butt caps.
    func line(from start: Point, to end: Point, color: Color, lineWidth: Double, style: LineStyle)
    /// One data series: a polyline per run of points. Round joins and caps.
    func path(_ runs: [[Point]], color: Color, lineWidth: Double, style: LineStyle)
    func circle(center: Point, radius: Double, fill: Color, edge: Color?)
    /// Text with its baseline at `point.y`; `rotated` turns it 90° counter-clockwise about `point`.
    func text(_ string: String, at point: Point, size: Double, color: Color, anchor: TextAnchor, rotated: Bool)
    /// RGBA pixels (`pixelWidth × pixelHeight × 4`) stretched over `rect`.
    func image(rgba: [UInt8], pixelWidth: Int, pixelHeight: Int, in rect: Rect, smooth: Bool)
    /// Restricts drawing inside `body` to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void)
}
