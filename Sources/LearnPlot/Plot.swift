import Foundation
import NotebookDisplay

/// Where a panel's legend goes.
public enum LegendPosition: Sendable {
    /// The inside corner that hides the least data.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight
}

/// One panel of a figure: axes with line, scatter, bar and heat-map series, a title, axis
/// labels, a legend and a grid. Made standalone (`Plot()`) it is a one-panel figure and
/// shows itself; inside a `Figure` it is one cell of the grid (`fig[0]`).
///
/// ```swift
/// let p = Plot(title: "Loss")
/// p.plot(losses, label: "train")
/// p.plot(validationLosses, label: "validation", style: .dashed)
/// p.yScale = .log
/// p   // a cell ending in `p` shows the plot
/// ```
public final class Plot {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// nil (the default) shows a legend when some series has a label.
    public var legend: Bool?
    public var legendPosition: LegendPosition = .best
    /// Light lines at the ticks of the value axes.
    public var grid = false
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// Fixed axis ranges; nil fits the data.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Size in pixels when the plot is shown or saved on its own.
    public var width: Int
    public var height: Int
    /// Output format when shown on its own; nil uses `Figure.defaultFormat`.
    public var format: ImageFormat?

    private(set) var series: [Series] = []
    /// Problems with the data, drawn under the panel so they are seen.
    private(set) var warnings: [String] = []
    private var nextColor = 0

    public init(width: Int = 640, height: Int = 480, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }

    private func takeColor(_ color: Color?) -> Color {
        if let color { return color }
        defer { nextColor += 1 }
        return Color.palette(nextColor)
    }

    private func paired(_ xs: [Double], _ ys: [Double], _ what: String) -> ([Double], [Double]) {
        guard xs.count != ys.count else { return (xs, ys) }
        warn("\(what): x has \(xs.count) values but y has \(ys.count); drew the first \(min(xs.count, ys.count))")
        let n = min(xs.count, ys.count)
        return (Array(xs.prefix(n)), Array(ys.prefix(n)))
    }

    private func warn(_ message: String) {
        warnings.append(message)
        FileHandle.standardError.write(Data("LearnPlot warning: \(message)\n".utf8))
    }

    /// A line through the points (x, y). Non-finite values break the line.
    public func plot<XS: Sequence, YS: Sequence>(
        _ xs: XS, _ ys: YS, label: String? = nil, color: Color? = nil,
        style: LineStyle = .solid, lineWidth: Double = 1.75, marker: Marker = .none
    ) where XS.Element: Plottable, YS.Element: Plottable {
        let (x, y) = paired(xs.map(\.plotValue), ys.map(\.plotValue), "plot(\(label ?? "line"))")
        series.append(.line(.init(xs: x, ys: y, label: label, color: takeColor(color), style: style,
                                  lineWidth: lineWidth, marker: marker)))
    }

    /// A line through `ys` against their indices 0, 1, 2, …
    public func plot<YS: Sequence>(
        _ ys: YS, label: String? = nil, color: Color? = nil,
        style: LineStyle = .solid, lineWidth: Double = 1.75, marker: Marker = .none
    ) where YS.Element: Plottable {
        let y = ys.map(\.plotValue)
        plot(y.indices.map(Double.init), y, label: label, color: color, style: style, lineWidth: lineWidth, marker: marker)
    }

    /// Points at (x, y). With `classes`, each point takes the palette colour of its class
    /// and the legend gets one entry per class (named by `classNames` when given).
    public func scatter<XS: Sequence, YS: Sequence>(
        _ xs: XS, _ ys: YS, label: String? = nil, color: Color? = nil, size: Double = 3.5,
        classes: [Int]? = nil, classNames: [String]? = nil
    ) where XS.Element: Plottable, YS.Element: Plottable {
        var (x, y) = paired(xs.map(\.plotValue), ys.map(\.plotValue), "scatter(\(label ?? "points"))")
        var colors = [takeColor(color)]
        var legend: [(String, Color)] = []
        if let classes {
            if classes.count != x.count {
                warn("scatter: \(x.count) points but \(classes.count) classes; drew the first \(min(x.count, classes.count))")
                x = Array(x.prefix(classes.count))
                y = Array(y.prefix(classes.count))
            }
            colors = classes.prefix(x.count).map { Color.palette($0) }
            for value in Set(classes).sorted() {
                let name = classNames.flatMap { value >= 0 && value < $0.count ? $0[value] : nil }
                    ?? "\(label ?? "class") \(value)"
                legend.append((name, Color.palette(value)))
            }
        }
        series.append(.scatter(.init(xs: x, ys: y, label: classes == nil ? label : nil, colors: colors,
                                     radius: size, classLegend: legend)))
    }

    /// Vertical bars, one per category; several `bar` calls make grouped bars.
    public func bar<VS: Sequence>(_ categories: [String], _ values: VS, label: String? = nil, color: Color? = nil)
    where VS.Element: Plottable {
        addBars(categories, values.map(\.plotValue), label: label, color: color, horizontal: false)
    }

    /// Horizontal bars, one per category, the first at the top.
    public func barh<VS: Sequence>(_ categories: [String], _ values: VS, label: String? = nil, color: Color? = nil)
    where VS.Element: Plottable {
        addBars(categories, values.map(\.plotValue), label: label, color: color, horizontal: true)
    }

    private func addBars(_ categories: [String], _ values: [Double], label: String?, color: Color?, horizontal: Bool) {
        var names = categories, numbers = values
        if names.count != numbers.count {
            warn("bar(\(label ?? "bars")): \(names.count) categories but \(numbers.count) values; drew \(min(names.count, numbers.count))")
            let n = min(names.count, numbers.count)
            names = Array(names.prefix(n))
            numbers = Array(numbers.prefix(n))
        }
        series.append(.bars(.init(categories: names, values: numbers, label: label, color: takeColor(color), horizontal: horizontal)))
    }

    /// A filled 2-D heat map: `grid[row][column]`, row 0 at `yRange.lowerBound` (the bottom),
    /// column 0 at `xRange.lowerBound`, e.g. a classifier's output over a plane (decision
    /// boundary); add `scatter` afterwards to draw the data on top. Colours span `valueRange`
    /// (default: the grid's minimum to maximum); `colorbar` draws the scale beside the axes;
    /// `smooth` interpolates between cells instead of drawing blocks.
    public func heatmap<V: Plottable>(
        _ grid: [[V]], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        colormap: Colormap = .viridis, valueRange: ClosedRange<Double>? = nil, smooth: Bool = true,
        colorbar: Bool = false
    ) {
        let values = grid.map { $0.map(\.plotValue) }
        let columns = values.map(\.count).max() ?? 0
        guard columns > 0 else {
            warn("heatmap: the grid is empty")
            return
        }
        if values.contains(where: { $0.count != columns }) {
            warn("heatmap: rows have different lengths; short rows are padded with blanks")
        }
        let rectangular = values.map { $0 + Array(repeating: Double.nan, count: columns - $0.count) }
        let finite = rectangular.joined().filter(\.isFinite)
        var range = valueRange ?? ((finite.min() ?? 0)...(finite.max() ?? 1))
        if range.lowerBound == range.upperBound { range = (range.lowerBound - 0.5)...(range.upperBound + 0.5) }
        series.append(.heatmap(.init(grid: rectangular, xRange: xRange ?? 0...Double(columns),
                                     yRange: yRange ?? 0...Double(values.count), valueRange: range,
                                     colormap: colormap, smooth: smooth, colorbar: colorbar)))
    }

    /// A horizontal line across the panel at `y` (a target, a baseline).
    public func horizontalLine(at y: Double, label: String? = nil, color: Color = .gray, style: LineStyle = .dashed) {
        series.append(.reference(.init(value: y, vertical: false, color: color, style: style, label: label)))
    }

    /// A vertical line across the panel at `x`.
    public func verticalLine(at x: Double, label: String? = nil, color: Color = .gray, style: LineStyle = .dashed) {
        series.append(.reference(.init(value: x, vertical: true, color: color, style: style, label: label)))
    }

    /// Removes every series and warning, keeping titles, labels and settings.
    public func clear() {
        series = []
        warnings = []
        nextColor = 0
    }

    /// A one-panel figure holding this plot, sized `width × height`.
    public var figure: Figure { Figure(self) }

    public func svg() -> String { figure.svg() }
    public func png() throws -> Data { try figure.png() }
    /// Writes SVG or PNG, chosen by the file extension.
    public func save(_ path: String) throws { try figure.save(path) }
}

extension Plot: DisplayRepresentable, CustomStringConvertible {
    public var mimeBundle: MIMEBundle { figure.mimeBundle }
    public var description: String { figure.description }
}
