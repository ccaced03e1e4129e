import Foundation

/// Sizes and colours of the chrome, in figure pixels.
enum Theme {
    static let tickFont = 11.0
    static let labelFont = 12.0
    static let titleFont = 14.0
    static let figureTitleFont = 16.0
    static let legendFont = 11.0
    static let tickLength = 4.0
    static let padding = 8.0
    static let frame = Color(hex: 0x333333)
    static let text = Color(hex: 0x1a1a1a)
    static let gridLine = Color(hex: 0xe3e3e3)
    static let warning = Color(hex: 0xc0392b)
    static let colorbarWidth = 14.0
    static let colorbarGap = 12.0
}

/// Lays out a figure's panels and draws them on a canvas.
struct FigureRenderer {
    let figure: Figure
    var typesetter: Typesetter = .shared

    func draw(on canvas: Canvas) {
        let bounds = Rect(x: 0, y: 0, width: Double(figure.width), height: Double(figure.height))
        canvas.fill(bounds, color: .white)
        var area = bounds
        if let title = figure.title, !title.isEmpty {
            let band = Theme.figureTitleFont * 1.8
            canvas.text(title, at: Point(x: bounds.midX, y: Theme.padding + Theme.figureTitleFont),
                        size: Theme.figureTitleFont, color: Theme.text, anchor: .middle, rotated: false)
            area = bounds.insetBy(left: 0, top: band, right: 0, bottom: 0)
        }
        let cellWidth = area.width / Double(figure.columns)
        let cellHeight = area.height / Double(figure.rows)
        for (index, panel) in figure.panels.enumerated() {
            let row = index / figure.columns, column = index % figure.columns
            let cell = Rect(x: area.x + Double(column) * cellWidth, y: area.y + Double(row) * cellHeight,
                            width: cellWidth, height: cellHeight)
            PanelRenderer(plot: panel, cell: cell, typesetter: typesetter).draw(on: canvas)
        }
    }
}

/// An axis as the renderer sees it: continuous (linear or log) or a row of categories.
enum AxisModel {
    case continuous(ContinuousAxis)
    case categorical([String])

    /// Position of `value` between `start` (the axis minimum) and `end`; category `i` sits at
    /// the middle of its band.
    func position(_ value: Double, start: Double, end: Double) -> Double? {
        switch self {
        case let .continuous(axis):
            guard let fraction = axis.fraction(value) else { return nil }
            return start + fraction * (end - start)
        case let .categorical(names):
            return start + (value + 0.5) / Double(max(1, names.count)) * (end - start)
        }
    }

    func ticks(target: Int) -> [Tick] {
        switch self {
        case let .continuous(axis): return axis.ticks(target: target)
        case let .categorical(names):
            return names.enumerated().map { Tick(value: Double($0.offset), label: $0.element, isMajor: true) }
        }
    }

    var isCategorical: Bool {
        if case .categorical = self { return true }
        return false
    }
}

/// Lays out and draws one panel inside its cell.
struct PanelRenderer {
    let plot: Plot
    let cell: Rect
    let typesetter: Typesetter

    private var bars: [Series.Bars] {
        plot.series.compactMap { if case let .bars(bars) = $0 { return bars } else { return nil } }
    }

    // MARK: Axes

    private func categories(horizontal: Bool) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for bars in bars where bars.horizontal == horizontal {
            for name in bars.categories where !seen.contains(name) {
                seen.insert(name)
                names.append(name)
            }
        }
        return names
    }

    /// Values that the x (or y) axis must show.
    private func values(onX: Bool) -> (values: [Double], hasBars: Bool, tight: Bool) {
        var values: [Double] = []
        var hasBars = false, tight = false
        for series in plot.series {
            switch series {
            case let .line(line): values += onX ? line.xs : line.ys
            case let .scatter(scatter): values += onX ? scatter.xs : scatter.ys
            case let .bars(bars):
                if bars.horizontal == onX {
                    values += bars.values
                    hasBars = true
                }
            case let .heatmap(map):
                let range = onX ? map.xRange : map.yRange
                values += [range.lowerBound, range.upperBound]
                tight = true
            case let .reference(reference):
                if reference.vertical == onX { values.append(reference.value) }
            }
        }
        return (values, hasBars, tight)
    }

    private func axis(onX: Bool) -> AxisModel {
        let names = categories(horizontal: !onX)
        if !names.isEmpty {
            // Horizontal bars list the first category at the top.
            return .categorical(onX ? names : names.reversed())
        }
        let scale = onX ? plot.xScale : plot.yScale
        if let limits = onX ? plot.xLimits : plot.yLimits {
            var lower = limits.lowerBound, upper = limits.upperBound
            if scale == .log, lower <= 0 { lower = upper > 0 ? upper / 1000 : 1 }
            if upper <= lower { upper = lower + (scale == .log ? lower * 9 : 1) }
            return .continuous(ContinuousAxis(scale: scale, lower: lower, upper: upper))
        }
        let (values, hasBars, tight) = values(onX: onX)
        return .continuous(.fitting(values, scale: scale, pad: !tight, includeZero: hasBars))
    }

    // MARK: Drawing

    func draw(on canvas: Canvas) {
        let xAxis = axis(onX: true), yAxis = axis(onX: false)
        let hasTitle = !(plot.title ?? "").isEmpty
        let hasXLabel = !(plot.xLabel ?? "").isEmpty, hasYLabel = !(plot.yLabel ?? "").isEmpty

        // Room for y tick labels decides the plot width; x tick density follows from it.
        let yTarget = max(2, Int(cell.height / 48))
        var yTicks = yAxis.ticks(target: yTarget)
        let yTickWidth = yTicks.filter(\.isMajor).map { typesetter.width(of: $0.label, size: Theme.tickFont) }.max() ?? 0
        let left = Theme.padding + (hasYLabel ? Theme.labelFont * 1.6 : 0) + yTickWidth + Theme.tickLength + 5
        let warningsHeight = Double(plot.warnings.count) * (Theme.tickFont + 3)
        let bottom = Theme.padding + Theme.tickLength + 5 + Theme.tickFont * 1.1
            + (hasXLabel ? Theme.labelFont * 1.7 : 0) + warningsHeight
        let top = max(Theme.padding + (hasTitle ? Theme.titleFont * 1.8 : 0), Theme.padding + Theme.tickFont / 2)
        let colorbar = plot.series.lazy.compactMap { series -> Series.Heatmap? in
            if case let .heatmap(map) = series, map.colorbar { return map } else { return nil }
        }.last
        let colorbarTicks = colorbar.map {
            TickGenerator.linear(lower: $0.valueRange.lowerBound, upper: $0.valueRange.upperBound, target: max(2, Int(cell.height / 48)))
        } ?? []
        let colorbarWidth = colorbar == nil ? 0 : Theme.colorbarGap + Theme.colorbarWidth + Theme.tickLength + 4
            + (colorbarTicks.map { typesetter.width(of: $0.label, size: Theme.tickFont) }.max() ?? 0)
        let right = Theme.padding + 10 + colorbarWidth
        let unsnapped = cell.insetBy(left: left, top: top, right: right, bottom: bottom)
        let area = Rect(x: unsnapped.x.rounded(), y: unsnapped.y.rounded(),
                        width: unsnapped.width.rounded(), height: unsnapped.height.rounded())

        var xTicks = xAxis.ticks(target: max(2, Int(area.width / 75)))
        if !xAxis.isCategorical {
            // Fewer ticks until their labels stop overlapping.
            var target = max(2, Int(area.width / 75))
            while target > 2 {
                let labels = xTicks.filter(\.isMajor)
                let widest = labels.map { typesetter.width(of: $0.label, size: Theme.tickFont) }.max() ?? 0
                if Double(labels.count) * (widest + 12) <= area.width { break }
                target -= 1
                xTicks = xAxis.ticks(target: target)
            }
        }
        if !yAxis.isCategorical { yTicks = yAxis.ticks(target: max(2, Int(area.height / 48))) }

        func x(_ value: Double) -> Double? { xAxis.position(value, start: area.minX, end: area.maxX) }
        func y(_ value: Double) -> Double? { yAxis.position(value, start: area.maxY, end: area.minY) }
        func crisp(_ value: Double) -> Double { value.rounded(.down) + 0.5 }

        // Data, clipped to the axes.
        canvas.clipped(to: area) {
            for case let .heatmap(map) in plot.series { drawHeatmap(map, canvas: canvas, x: x, y: y) }
            if plot.grid {
                for tick in xTicks where tick.isMajor && !xAxis.isCategorical {
                    if let px = x(tick.value) {
                        canvas.line(from: Point(x: crisp(px), y: area.minY), to: Point(x: crisp(px), y: area.maxY),
                                    color: Theme.gridLine, lineWidth: 1, style: .solid)
                    }
                }
                for tick in yTicks where tick.isMajor && !yAxis.isCategorical {
                    if let py = y(tick.value) {
                        canvas.line(from: Point(x: area.minX, y: crisp(py)), to: Point(x: area.maxX, y: crisp(py)),
                                    color: Theme.gridLine, lineWidth: 1, style: .solid)
                    }
                }
            }
            drawBars(canvas: canvas, area: area, xAxis: xAxis, yAxis: yAxis)
            for series in plot.series {
                switch series {
                case let .line(line):
                    canvas.path(runs(line.xs, line.ys, x: x, y: y), color: line.color, lineWidth: line.lineWidth, style: line.style)
                    if line.marker == .circle {
                        for run in runs(line.xs, line.ys, x: x, y: y) {
                            for point in run { canvas.circle(center: point, radius: line.lineWidth + 1.5, fill: line.color, edge: nil) }
                        }
                    }
                case let .scatter(scatter):
                    for index in scatter.xs.indices {
                        guard let px = x(scatter.xs[index]), let py = y(scatter.ys[index]) else { continue }
                        let color = scatter.colors.count == scatter.xs.count ? scatter.colors[index] : scatter.colors[0]
                        canvas.circle(center: Point(x: px, y: py), radius: scatter.radius, fill: color.opacity(0.85), edge: .white)
                    }
                case let .reference(reference):
                    if reference.vertical, let px = x(reference.value) {
                        canvas.line(from: Point(x: px, y: area.minY), to: Point(x: px, y: area.maxY),
                                    color: reference.color, lineWidth: 1.25, style: reference.style)
                    } else if !reference.vertical, let py = y(reference.value) {
                        canvas.line(from: Point(x: area.minX, y: py), to: Point(x: area.maxX, y: py),
                                    color: reference.color, lineWidth: 1.25, style: reference.style)
                    }
                case .bars, .heatmap:
                    break
                }
            }
        }

        // Frame, ticks and tick labels.
        let frame = Rect(x: area.minX + 0.5, y: area.minY + 0.5, width: area.width - 1, height: area.height - 1)
        canvas.stroke(frame, color: Theme.frame, lineWidth: 1)
        let band = xAxis.isCategorical ? area.width / Double(max(1, xTicks.count)) : .infinity
        for tick in xTicks {
            guard let px = x(tick.value), px >= area.minX - 0.5, px <= area.maxX + 0.5 else { continue }
            let length = tick.isMajor ? Theme.tickLength : Theme.tickLength * 0.6
            canvas.line(from: Point(x: crisp(px), y: area.maxY), to: Point(x: crisp(px), y: area.maxY + length),
                        color: Theme.frame, lineWidth: 1, style: .solid)
            if tick.isMajor {
                canvas.text(fitted(tick.label, width: band - 4, size: Theme.tickFont),
                            at: Point(x: px, y: area.maxY + Theme.tickLength + 3 + Theme.tickFont * 0.8),
                            size: Theme.tickFont, color: Theme.text, anchor: .middle, rotated: false)
            }
        }
        for tick in yTicks {
            guard let py = y(tick.value), py >= area.minY - 0.5, py <= area.maxY + 0.5 else { continue }
            let length = tick.isMajor ? Theme.tickLength : Theme.tickLength * 0.6
            canvas.line(from: Point(x: area.minX - length, y: crisp(py)), to: Point(x: area.minX, y: crisp(py)),
                        color: Theme.frame, lineWidth: 1, style: .solid)
            if tick.isMajor {
                canvas.text(tick.label, at: Point(x: area.minX - Theme.tickLength - 3, y: py + Theme.tickFont * 0.36),
                            size: Theme.tickFont, color: Theme.text, anchor: .end, rotated: false)
            }
        }

        if let colorbar {
            drawColorbar(colorbar, ticks: colorbarTicks, area: area, canvas: canvas)
        }

        // Titles and labels.
        if let title = plot.title, hasTitle {
            canvas.text(title, at: Point(x: area.midX, y: area.minY - Theme.titleFont * 0.7),
                        size: Theme.titleFont, color: Theme.text, anchor: .middle, rotated: false)
        }
        if let label = plot.xLabel, hasXLabel {
            canvas.text(label, at: Point(x: area.midX, y: area.maxY + Theme.tickLength + 5 + Theme.tickFont * 1.1 + Theme.labelFont * 1.2),
                        size: Theme.labelFont, color: Theme.text, anchor: .middle, rotated: false)
        }
        if let label = plot.yLabel, hasYLabel {
            canvas.text(label, at: Point(x: cell.minX + Theme.padding + Theme.labelFont * 0.9, y: area.midY),
                        size: Theme.labelFont, color: Theme.text, anchor: .middle, rotated: true)
        }
        for (index, warning) in plot.warnings.enumerated() {
            canvas.text("⚠ " + warning, at: Point(x: cell.minX + Theme.padding, y: cell.maxY - Theme.padding - Double(plot.warnings.count - 1 - index) * (Theme.tickFont + 3)),
                        size: Theme.tickFont, color: Theme.warning, anchor: .start, rotated: false)
        }
        if plot.legend ?? plot.series.contains(where: { $0.label != nil || isClassScatter($0) }) {
            LegendRenderer(plot: plot, area: area, typesetter: typesetter).draw(on: canvas, occupied: occupiedPoints(x: x, y: y, area: area, xAxis: xAxis, yAxis: yAxis))
        }
    }

    private func isClassScatter(_ series: Series) -> Bool {
        if case let .scatter(scatter) = series { return !scatter.classLegend.isEmpty }
        return false
    }

    /// Shortens `text` with an ellipsis to fit `width`.
    private func fitted(_ text: String, width: Double, size: Double) -> String {
        guard width.isFinite, typesetter.width(of: text, size: size) > width else { return text }
        var characters = Array(text)
        while !characters.isEmpty, typesetter.width(of: String(characters) + "…", size: size) > width {
            characters.removeLast()
        }
        return String(characters) + "…"
    }

    /// Pixel runs of a line: consecutive points the axes can show; anything else breaks it.
    private func runs(_ xs: [Double], _ ys: [Double], x: (Double) -> Double?, y: (Double) -> Double?) -> [[Point]] {
        var runs: [[Point]] = []
        var current: [Point] = []
        for (vx, vy) in zip(xs, ys) {
            if let px = x(vx), let py = y(vy), px.isFinite, py.isFinite {
                current.append(Point(x: px, y: py))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    private func drawBars(canvas: Canvas, area: Rect, xAxis: AxisModel, yAxis: AxisModel) {
        let vertical = bars.filter { !$0.horizontal }, horizontal = bars.filter(\.horizontal)
        for (group, isHorizontal) in [(vertical, false), (horizontal, true)] where !group.isEmpty {
            let categoryAxis = isHorizontal ? yAxis : xAxis
            let valueAxis = isHorizontal ? xAxis : yAxis
            guard case let .categorical(names) = categoryAxis, case let .continuous(values) = valueAxis else { continue }
            let span = isHorizontal ? area.height : area.width
            let bandWidth = span / Double(max(1, names.count))
            let groupWidth = bandWidth * 0.8
            let barWidth = groupWidth / Double(group.count)
            let base = values.scale == .log ? values.lower : min(max(0, values.lower), values.upper)
            let valueStart = isHorizontal ? area.minX : area.maxY, valueEnd = isHorizontal ? area.maxX : area.minY
            guard let basePosition = valueAxis.position(base, start: valueStart, end: valueEnd) else { continue }
            let index = Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
            for (slot, series) in group.enumerated() {
                for (name, value) in zip(series.categories, series.values) {
                    guard let category = index[name],
                          let center = categoryAxis.position(Double(category), start: isHorizontal ? area.maxY : area.minX,
                                                             end: isHorizontal ? area.minY : area.maxX),
                          let end = valueAxis.position(value, start: valueStart, end: valueEnd) else { continue }
                    let offset = -groupWidth / 2 + Double(slot) * barWidth
                    let rect: Rect
                    if isHorizontal {
                        rect = Rect(x: min(basePosition, end), y: center + offset, width: abs(end - basePosition), height: barWidth)
                    } else {
                        rect = Rect(x: center + offset, y: min(basePosition, end), width: barWidth, height: abs(end - basePosition))
                    }
                    canvas.fill(rect, color: series.color)
                }
            }
        }
    }

    private func drawHeatmap(_ map: Series.Heatmap, canvas: Canvas, x: (Double) -> Double?, y: (Double) -> Double?) {
        guard let left = x(map.xRange.lowerBound), let right = x(map.xRange.upperBound),
              let bottom = y(map.yRange.lowerBound), let top = y(map.yRange.upperBound) else { return }
        let rows = map.grid.count, columns = map.grid.first?.count ?? 0
        guard rows > 0, columns > 0 else { return }
        var rgba = [UInt8](repeating: 0, count: rows * columns * 4)
        let low = map.valueRange.lowerBound, span = map.valueRange.upperBound - map.valueRange.lowerBound
        for (row, values) in map.grid.enumerated() {
            let imageRow = rows - 1 - row  // row 0 is at the bottom
            for (column, value) in values.enumerated() where value.isFinite {
                let color = map.colormap.color(at: (value - low) / span)
                let i = 4 * (imageRow * columns + column)
                rgba[i] = color.red; rgba[i + 1] = color.green; rgba[i + 2] = color.blue; rgba[i + 3] = 255
            }
        }
        canvas.image(rgba: rgba, pixelWidth: columns, pixelHeight: rows,
                     in: Rect(x: min(left, right), y: min(top, bottom), width: abs(right - left), height: abs(bottom - top)),
                     smooth: map.smooth)
    }

    /// The colour scale of a heat map: a vertical gradient right of the axes, with ticks.
    private func drawColorbar(_ map: Series.Heatmap, ticks: [Tick], area: Rect, canvas: Canvas) {
        let bar = Rect(x: area.maxX + Theme.colorbarGap, y: area.minY, width: Theme.colorbarWidth, height: area.height)
        let steps = 256
        var rgba = [UInt8](repeating: 255, count: steps * 4)
        for step in 0..<steps {
            let color = map.colormap.color(at: 1 - Double(step) / Double(steps - 1))
            rgba[4 * step] = color.red; rgba[4 * step + 1] = color.green; rgba[4 * step + 2] = color.blue
        }
        canvas.image(rgba: rgba, pixelWidth: 1, pixelHeight: steps, in: bar, smooth: true)
        canvas.stroke(Rect(x: bar.minX + 0.5, y: bar.minY + 0.5, width: bar.width - 1, height: bar.height - 1),
                      color: Theme.frame, lineWidth: 1)
        let low = map.valueRange.lowerBound, span = map.valueRange.upperBound - map.valueRange.lowerBound
        for tick in ticks {
            let py = bar.maxY - (tick.value - low) / span * bar.height
            guard py >= bar.minY - 0.5, py <= bar.maxY + 0.5 else { continue }
            let y = py.rounded(.down) + 0.5
            canvas.line(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + Theme.tickLength, y: y),
                        color: Theme.frame, lineWidth: 1, style: .solid)
            canvas.text(tick.label, at: Point(x: bar.maxX + Theme.tickLength + 3, y: py + Theme.tickFont * 0.36),
                        size: Theme.tickFont, color: Theme.text, anchor: .start, rotated: false)
        }
    }

    /// Sample positions of the data, so the legend can avoid covering it.
    private func occupiedPoints(x: (Double) -> Double?, y: (Double) -> Double?, area: Rect, xAxis: AxisModel, yAxis: AxisModel) -> [Point] {
        var points: [Point] = []
        for series in plot.series {
            switch series {
            case let .line(line):
                for run in runs(line.xs, line.ys, x: x, y: y) {
                    points += run
                    // Long segments: add intermediate points.
                    for (a, b) in zip(run, run.dropFirst()) {
                        let steps = Int(hypot(b.x - a.x, b.y - a.y) / 10)
                        if steps > 1 {
                            for k in 1..<steps {
                                let t = Double(k) / Double(steps)
                                points.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                            }
                        }
                    }
                }
            case let .scatter(scatter):
                points += zip(scatter.xs, scatter.ys).compactMap { vx, vy in
                    guard let px = x(vx), let py = y(vy) else { return nil }
                    return Point(x: px, y: py)
                }
            case .bars:
                // Sample the bars' area on a coarse lattice.
                let canvas = LatticeCanvas(area: area)
                drawBars(canvas: canvas, area: area, xAxis: xAxis, yAxis: yAxis)
                points += canvas.points
            case .heatmap, .reference:
                break
            }
        }
        return points
    }
}

/// A canvas that only records where filled rectangles are, as a lattice of points.
private final class LatticeCanvas: Canvas {
    let area: Rect
    var points: [Point] = []
    var width: Double { area.maxX }
    var height: Double { area.maxY }
    init(area: Rect) { self.area = area }

    func fill(_ rect: Rect, color: Color) {
        var py = rect.minY + 4
        while py < rect.maxY {
            var px = rect.minX + 4
            while px < rect.maxX {
                points.append(Point(x: px, y: py))
                px += 8
            }
            py += 8
        }
    }
    func stroke(_ rect: Rect, color: Color, lineWidth: Double) {}
    func line(from start: Point, to end: Point, color: Color, lineWidth: Double, style: LineStyle) {}
    func path(_ runs: [[Point]], color: Color, lineWidth: Double, style: LineStyle) {}
    func circle(center: Point, radius: Double, fill: Color, edge: Color?) {}
    func text(_ string: String, at point: Point, size: Double, color: Color, anchor: TextAnchor, rotated: Bool) {}
    func image(rgba: [UInt8], pixelWidth: Int, pixelHeight: Int, in rect: Rect, smooth: Bool) {}
    func clipped(to rect: Rect, _ body: () -> Void) { body() }
}
