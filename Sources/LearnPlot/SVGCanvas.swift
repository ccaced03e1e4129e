import Foundation

/// Writes drawing operations as SVG elements. Only data series become `<path>` elements;
/// chrome uses `<line>` and `<rect>`, so a reader (or a test) can find the series.
final class SVGCanvas: Canvas {
    let width: Double
    let height: Double
    private var body = ""
    private var definitions = ""
    private var clipCount = 0
    /// Element ids must be unique across every SVG inlined in one notebook page.
    private let idPrefix = "swiftnb-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    var document: String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        text += "width=\"\(number(width))\" height=\"\(number(height))\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
        text += "font-family=\"DejaVu Sans, Bitstream Vera Sans, Verdana, Arial, sans-serif\">\n"
        if !definitions.isEmpty { text += "<defs>\n\(definitions)</defs>\n" }
        text += body
        text += "</svg>\n"
        return text
    }

    // MARK: Formatting

    /// At most two decimals, no trailing zeros: compact and exact enough for pixels.
    func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    private func paint(_ attribute: String, _ color: Color) -> String {
        var text = "\(attribute)=\"\(color.hexString)\""
        if color.alpha < 255 { text += " \(attribute)-opacity=\"\(number(Double(color.alpha) / 255))\"" }
        return text
    }

    private func dash(_ style: LineStyle, _ lineWidth: Double) -> String {
        guard let pattern = style.dashPattern(width: lineWidth) else { return "" }
        return " stroke-dasharray=\"\(pattern.map(number).joined(separator: " "))\""
    }

    // MARK: Canvas

    func fill(_ rect: Rect, color: Color) {
        body += "<rect x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\" height=\"\(number(rect.height))\" \(paint("fill", color))/>\n"
    }

    func stroke(_ rect: Rect, color: Color, lineWidth: Double) {
        body += "<rect x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\" height=\"\(number(rect.height))\" fill=\"none\" \(paint("stroke", color)) stroke-width=\"\(number(lineWidth))\"/>\n"
    }

    func line(from start: Point, to end: Point, color: Color, lineWidth: Double, style: LineStyle) {
        body += "<line x1=\"\(number(start.x))\" y1=\"\(number(start.y))\" x2=\"\(number(end.x))\" y2=\"\(number(end.y))\" \(paint("stroke", color)) stroke-width=\"\(number(lineWidth))\"\(dash(style, lineWidth))/>\n"
    }

    func path(_ runs: [[Point]], color: Color, lineWidth: Double, style: LineStyle) {
        var d = ""
        for run in runs where !run.isEmpty {
            d += "M\(number(run[0].x)) \(number(run[0].y))"
            if run.count == 1 { d += "h0" }
            var last = ""
            for point in run.dropFirst() {
                // Dense series: points that land on the same spot add nothing.
                let next = "L\(number(point.x)) \(number(point.y))"
                if next != last { d += next }
                last = next
            }
        }
        guard !d.isEmpty else { return }
        body += "<path class=\"series\" d=\"\(d)\" fill=\"none\" \(paint("stroke", color)) stroke-width=\"\(number(lineWidth))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash(style, lineWidth))/>\n"
    }

    func circle(center: Point, radius: Double, fill: Color, edge: Color?) {
        var text = "<circle cx=\"\(number(center.x))\" cy=\"\(number(center.y))\" r=\"\(number(radius))\" \(paint("fill", fill))"
        if let edge { text += " \(paint("stroke", edge)) stroke-width=\"1\"" }
        body += text + "/>\n"
    }

    func text(_ string: String, at point: Point, size: Double, color: Color, anchor: TextAnchor, rotated: Bool) {
        guard !string.isEmpty else { return }
        let anchorName: String
        switch anchor {
        case .start: anchorName = "start"
        case .middle: anchorName = "middle"
        case .end: anchorName = "end"
        }
        let x = number(point.x), y = number(point.y)
        var text = "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(number(size))\" \(paint("fill", color)) text-anchor=\"\(anchorName)\""
        if rotated { text += " transform=\"rotate(-90 \(x) \(y))\"" }
        body += text + ">\(Self.escape(string))</text>\n"
    }

    func image(rgba: [UInt8], pixelWidth: Int, pixelHeight: Int, in rect: Rect, smooth: Bool) {
        guard let png = try? PNGEncoder.encode(rgba, width: pixelWidth, height: pixelHeight, channels: 4) else { return }
        let uri = "data:image/png;base64," + png.base64EncodedString()
        let rendering = smooth ? "" : " image-rendering=\"pixelated\" style=\"image-rendering:pixelated\""
        body += "<image x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\" height=\"\(number(rect.height))\" preserveAspectRatio=\"none\"\(rendering) href=\"\(uri)\" xlink:href=\"\(uri)\"/>\n"
    }

    func clipped(to rect: Rect, _ body: () -> Void) {
        clipCount += 1
        let id = "\(idPrefix)-clip\(clipCount)"
        definitions += "<clipPath id=\"\(id)\"><rect x=\"\(number(rect.x))\" y=\"\(number(rect.y))\" width=\"\(number(rect.width))\" height=\"\(number(rect.height))\"/></clipPath>\n"
        self.body += "<g clip-path=\"url(#\(id))\">\n"
        body()
        self.body += "</g>\n"
    }
}
