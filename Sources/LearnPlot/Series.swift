/// A number a plot can take: Double, Float, the integer types.
public protocol Plottable {
    var plotValue: Double { get }
}

extension Double: Plottable { public var plotValue: Double { self } }
extension Float: Plottable { public var plotValue: Double { Double(self) } }
extension Int: Plottable { public var plotValue: Double { Double(self) } }
extension Int32: Plottable { public var plotValue: Double { Double(self) } }
extension Int64: Plottable { public var plotValue: Double { Double(self) } }
extension UInt8: Plottable { public var plotValue: Double { Double(self) } }
extension UInt: Plottable { public var plotValue: Double { Double(self) } }

/// What a scatter point looks like.
public enum Marker: Sendable {
    case none, circle
}

/// One thing drawn in a panel.
enum Series {
    struct Line {
        var xs: [Double]
        var ys: [Double]
        var label: String?
        var color: Color
        var style: LineStyle
        var lineWidth: Double
        var marker: Marker
    }

    struct Scatter {
        var xs: [Double]
        var ys: [Double]
        var label: String?
        /// One colour per point, or one for all.
        var colors: [Color]
        var radius: Double
        /// Legend entries when points are coloured by class.
        var classLegend: [(String, Color)]
    }

    struct Bars {
        var categories: [String]
        var values: [Double]
        var label: String?
        var color: Color
        var horizontal: Bool
    }

    struct Heatmap {
        /// `grid[row][column]`; row 0 at `yRange.lowerBound`.
        var grid: [[Double]]
        var xRange: ClosedRange<Double>
        var yRange: ClosedRange<Double>
        var valueRange: ClosedRange<Double>
        var colormap: Colormap
        var smooth: Bool
        /// Draw a colour scale to the right of the axes.
        var colorbar: Bool
    }

    struct Reference {
        var value: Double
        var vertical: Bool
        var color: Color
        var style: LineStyle
        var label: String?
    }

    case line(Line)
    case scatter(Scatter)
    case bars(Bars)
    case heatmap(Heatmap)
    case reference(Reference)

    var label: String? {
        switch self {
        case let .line(line): return line.label
        case let .scatter(scatter): return scatter.label
        case let .bars(bars): return bars.label
        case .heatmap: return nil
        case let .reference(reference): return reference.label
        }
    }
}
