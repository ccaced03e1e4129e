/// Draws a panel's legend: a swatch and a label per labelled series, in a box in a corner.
struct LegendRenderer {
    enum Swatch {
        case line(Color, LineStyle, Double)
        case point(Color)
        case block(Color)
    }

    let plot: Plot
    let area: Rect
    let typesetter: Typesetter

    var entries: [(String, Swatch)] {
        var entries: [(String, Swatch)] = []
        for series in plot.series {
            switch series {
            case let .line(line):
                if let label = line.label { entries.append((label, .line(line.color, line.style, line.lineWidth))) }
            case let .scatter(scatter):
                if let label = scatter.label { entries.append((label, .point(scatter.colors[0]))) }
                entries += scatter.classLegend.map { ($0.0, .point($0.1)) }
            case let .bars(bars):
                if let label = bars.label { entries.append((label, .block(bars.color))) }
            case let .reference(reference):
                if let label = reference.label { entries.append((label, .line(reference.color, reference.style, 1.25))) }
            case .heatmap:
                break
            }
        }
        return entries
    }

    func draw(on canvas: Canvas, occupied: [Point]) {
        let entries = entries
        guard !entries.isEmpty else { return }
        let font = Theme.legendFont
        let rowHeight = font * 1.55, swatchWidth = 24.0, inner = 7.0
        let textWidth = entries.map { typesetter.width(of: $0.0, size: font) }.max() ?? 0
        let boxWidth = (inner * 2 + swatchWidth + 6 + textWidth).rounded(.up)
        let boxHeight = (inner * 2 + rowHeight * Double(entries.count) - (rowHeight - font)).rounded(.up)
        let margin = 8.0
        func box(_ position: LegendPosition) -> Rect {
            let left = area.minX + margin, right = area.maxX - margin - boxWidth
            let top = area.minY + margin, bottom = area.maxY - margin - boxHeight
            switch position {
            case .upperRight, .best: return Rect(x: right, y: top, width: boxWidth, height: boxHeight)
            case .upperLeft: return Rect(x: left, y: top, width: boxWidth, height: boxHeight)
            case .lowerLeft: return Rect(x: left, y: bottom, width: boxWidth, height: boxHeight)
            case .lowerRight: return Rect(x: right, y: bottom, width: boxWidth, height: boxHeight)
            }
        }
        var rect = box(plot.legendPosition)
        if plot.legendPosition == .best {
            let candidates: [LegendPosition] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
            let scored = candidates.map { position -> (Int, Rect) in
                let candidate = box(position)
                let padded = Rect(x: candidate.x - 3, y: candidate.y - 3, width: candidate.width + 6, height: candidate.height + 6)
                return (occupied.filter { padded.contains($0) }.count, candidate)
            }
            rect = scored.min { $0.0 < $1.0 }?.1 ?? rect
        }
        rect = Rect(x: rect.x.rounded() + 0.5, y: rect.y.rounded() + 0.5, width: rect.width, height: rect.height)
        canvas.fill(rect, color: Color.white.opacity(0.9))
        canvas.stroke(rect, color: Color(hex: 0xcccccc), lineWidth: 1)
        for (row, entry) in entries.enumerated() {
            let baseline = rect.minY + inner + font * 0.85 + Double(row) * rowHeight
            let middle = baseline - font * 0.35
            let swatchLeft = rect.minX + inner
            switch entry.1 {
            case let .line(color, style, width):
                canvas.line(from: Point(x: swatchLeft, y: middle), to: Point(x: swatchLeft + swatchWidth, y: middle),
                            color: color, lineWidth: min(width, 3), style: style)
            case let .point(color):
                canvas.circle(center: Point(x: swatchLeft + swatchWidth / 2, y: middle), radius: 4, fill: color.opacity(0.85), edge: nil)
            case let .block(color):
                canvas.fill(Rect(x: swatchLeft + 4, y: middle - font * 0.4, width: swatchWidth - 8, height: font * 0.8), color: color)
            }
            canvas.text(entry.0, at: Point(x: swatchLeft + swatchWidth + 6, y: baseline), size: font,
                        color: Theme.text, anchor: .start, rotated: false)
        }
    }
}
