import Foundation

/// A small anti-aliasing rasteriser into an opaque RGB pixel buffer. Coordinates are figure
/// pixels times `scale`; pixel (i, j) covers [i, i+1) × [j, j+1).
final class RasterCanvas: Canvas {
    let pixelWidth: Int
    let pixelHeight: Int
    let scale: Double
    /// Row-major RGB, 3 bytes a pixel.
    private(set) var pixels: [UInt8]
    private var clip: (x0: Int, y0: Int, x1: Int, y1: Int)
    private let typesetter: Typesetter

    var width: Double { Double(pixelWidth) / scale }
    var height: Double { Double(pixelHeight) / scale }

    init(width: Int, height: Int, scale: Double = 1, background: Color = .white, typesetter: Typesetter = .shared) {
        self.scale = scale
        pixelWidth = max(1, Int((Double(width) * scale).rounded()))
        pixelHeight = max(1, Int((Double(height) * scale).rounded()))
        pixels = [UInt8](repeating: 0, count: pixelWidth * pixelHeight * 3)
        clip = (0, 0, pixelWidth, pixelHeight)
        self.typesetter = typesetter
        for index in 0..<(pixelWidth * pixelHeight) {
            pixels[3 * index] = background.red
            pixels[3 * index + 1] = background.green
            pixels[3 * index + 2] = background.blue
        }
    }

    func pngData() throws -> Data {
        try PNGEncoder.encode(pixels, width: pixelWidth, height: pixelHeight, channels: 3)
    }

    /// The colour at a device pixel (for tests and debugging).
    func color(x: Int, y: Int) -> Color {
        let index = 3 * (y * pixelWidth + x)
        return Color(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
    }

    // MARK: Compositing

    /// Paints `color` over pixel (x, y) with `coverage` in 0…1, inside the clip.
    @inline(__always)
    private func blend(_ x: Int, _ y: Int, _ color: Color, _ coverage: Double) {
        guard x >= clip.x0, x < clip.x1, y >= clip.y0, y < clip.y1, coverage > 0 else { return }
        let alpha = min(1, coverage) * Double(color.alpha) / 255
        let index = 3 * (y * pixelWidth + x)
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 {
            UInt8((Double(old) * (1 - alpha) + Double(new) * alpha).rounded())
        }
        pixels[index] = mix(pixels[index], color.red)
        pixels[index + 1] = mix(pixels[index + 1], color.green)
        pixels[index + 2] = mix(pixels[index + 2], color.blue)
    }

    private func device(_ point: Point) -> Point { Point(x: point.x * scale, y: point.y * scale) }

    // MARK: Canvas

    func fill(_ rect: Rect, color: Color) {
        fillDevice(x0: rect.minX * scale, y0: rect.minY * scale, x1: rect.maxX * scale, y1: rect.maxY * scale, color: color)
    }

    /// Exact area coverage of an axis-aligned rectangle in device pixels.
    private func fillDevice(x0: Double, y0: Double, x1: Double, y1: Double, color: Color) {
        let left = max(Double(clip.x0), min(x0, x1)), right = min(Double(clip.x1), max(x0, x1))
        let top = max(Double(clip.y0), min(y0, y1)), bottom = min(Double(clip.y1), max(y0, y1))
        guard right > left, bottom > top else { return }
        for y in Int(top.rounded(.down))..<Int(bottom.rounded(.up)) {
            let coverY = min(Double(y + 1), bottom) - max(Double(y), top)
            for x in Int(left.rounded(.down))..<Int(right.rounded(.up)) {
                let coverX = min(Double(x + 1), right) - max(Double(x), left)
                blend(x, y, color, coverX * coverY)
            }
        }
    }

    func stroke(_ rect: Rect, color: Color, lineWidth: Double) {
        let half = lineWidth / 2
        line(from: Point(x: rect.minX - half, y: rect.minY), to: Point(x: rect.maxX + half, y: rect.minY), color: color, lineWidth: lineWidth, style: .solid)
        line(from: Point(x: rect.minX - half, y: rect.maxY), to: Point(x: rect.maxX + half, y: rect.maxY), color: color, lineWidth: lineWidth, style: .solid)
        line(from: Point(x: rect.minX, y: rect.minY), to: Point(x: rect.minX, y: rect.maxY), color: color, lineWidth: lineWidth, style: .solid)
        line(from: Point(x: rect.maxX, y: rect.minY), to: Point(x: rect.maxX, y: rect.maxY), color: color, lineWidth: lineWidth, style: .solid)
    }

    func line(from start: Point, to end: Point, color: Color, lineWidth: Double, style: LineStyle) {
        let a = device(start), b = device(end), w = lineWidth * scale
        let pieces = Self.dash([[a, b]], pattern: style.dashPattern(width: w))
        for piece in pieces where piece.count == 2 {
            let p = piece[0], q = piece[1]
            if p.y == q.y {
                fillDevice(x0: p.x, y0: p.y - w / 2, x1: q.x, y1: p.y + w / 2, color: color)
            } else if p.x == q.x {
                fillDevice(x0: p.x - w / 2, y0: p.y, x1: p.x + w / 2, y1: q.y, color: color)
            } else {
                strokeDevice([piece], color: color, lineWidth: w)
            }
        }
    }

    func path(_ runs: [[Point]], color: Color, lineWidth: Double, style: LineStyle) {
        let w = lineWidth * scale
        let deviceRuns = runs.map { $0.map(device) }
        strokeDevice(Self.dash(deviceRuns, pattern: style.dashPattern(width: w)), color: color, lineWidth: w)
    }

    /// Strokes polylines with round joins and caps: each pixel takes the largest coverage of
    /// any segment (distance to the segment against the half width), composited once.
    private func strokeDevice(_ runs: [[Point]], color: Color, lineWidth: Double) {
        let half = max(lineWidth, 1) / 2
        let strength = min(1, lineWidth)
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for run in runs {
            for point in run {
                minX = min(minX, point.x); maxX = max(maxX, point.x)
                minY = min(minY, point.y); maxY = max(maxY, point.y)
            }
        }
        guard minX.isFinite, maxX.isFinite, minY.isFinite, maxY.isFinite else { return }
        let x0 = max(clip.x0, Int((minX - half - 1).rounded(.down)))
        let x1 = min(clip.x1, Int((maxX + half + 1).rounded(.up)))
        let y0 = max(clip.y0, Int((minY - half - 1).rounded(.down)))
        let y1 = min(clip.y1, Int((maxY + half + 1).rounded(.up)))
        guard x1 > x0, y1 > y0 else { return }
        let maskWidth = x1 - x0
        var mask = [Double](repeating: 0, count: maskWidth * (y1 - y0))
        for run in runs {
            let segments = run.count == 1 ? [(run[0], run[0])] : Array(zip(run, run.dropFirst()))
            for (a, b) in segments {
                let sx0 = max(x0, Int((min(a.x, b.x) - half - 1).rounded(.down)))
                let sx1 = min(x1, Int((max(a.x, b.x) + half + 1).rounded(.up)))
                let sy0 = max(y0, Int((min(a.y, b.y) - half - 1).rounded(.down)))
                let sy1 = min(y1, Int((max(a.y, b.y) + half + 1).rounded(.up)))
                guard sx1 > sx0, sy1 > sy0 else { continue }
                let dx = b.x - a.x, dy = b.y - a.y
                let lengthSquared = dx * dx + dy * dy
                for y in sy0..<sy1 {
                    let py = Double(y) + 0.5
                    for x in sx0..<sx1 {
                        let px = Double(x) + 0.5
                        var t = lengthSquared > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared : 0
                        t = max(0, min(1, t))
                        let ex = px - (a.x + t * dx), ey = py - (a.y + t * dy)
                        let coverage = half + 0.5 - (ex * ex + ey * ey).squareRoot()
                        if coverage > 0 {
                            let index = (y - y0) * maskWidth + (x - x0)
                            mask[index] = max(mask[index], min(1, coverage))
                        }
                    }
                }
            }
        }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let coverage = mask[(y - y0) * maskWidth + (x - x0)]
                if coverage > 0 { blend(x, y, color, coverage * strength) }
            }
        }
    }

    /// Splits polylines into dashes, continuing the pattern across vertices.
    static func dash(_ runs: [[Point]], pattern: [Double]?) -> [[Point]] {
        guard let pattern, pattern.contains(where: { $0 > 0 }) else { return runs }
        var result: [[Point]] = []
        for run in runs {
            guard run.count >= 2 else { result.append(run); continue }
            var index = 0
            var remaining = pattern[0]
            var on = true
            var current: [Point] = [run[0]]
            for (a, b) in zip(run, run.dropFirst()) {
                let length = hypot(b.x - a.x, b.y - a.y)
                var travelled = 0.0
                while length - travelled > remaining {
                    travelled += remaining
                    let t = travelled / length
                    let point = Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
                    if on {
                        current.append(point)
                        result.append(current)
                        current = []
                    } else {
                        current = [point]
                    }
                    on.toggle()
                    index = (index + 1) % pattern.count
                    remaining = pattern[index]
                }
                remaining -= length - travelled
                if on { current.append(b) }
            }
            if on, current.count >= 2 { result.append(current) }
        }
        return result
    }

    func circle(center: Point, radius: Double, fill: Color, edge: Color?) {
        let c = device(center), r = radius * scale
        let x0 = Int((c.x - r - 2).rounded(.down)), x1 = Int((c.x + r + 2).rounded(.up))
        let y0 = Int((c.y - r - 2).rounded(.down)), y1 = Int((c.y + r + 2).rounded(.up))
        let edgeHalf = 0.5 * scale
        for y in y0..<y1 {
            for x in x0..<x1 {
                let d = hypot(Double(x) + 0.5 - c.x, Double(y) + 0.5 - c.y)
                blend(x, y, fill, r + 0.5 - d)
                if let edge { blend(x, y, edge, min(edgeHalf + 0.5 - abs(d - r), 1)) }
            }
        }
    }

    func text(_ string: String, at point: Point, size: Double, color: Color, anchor: TextAnchor, rotated: Bool) {
        guard !string.isEmpty else { return }
        let mask = typesetter.render(string, size: size * scale)
        let advance = Double(mask.width - 2 * mask.originX)
        let shift: Double
        switch anchor {
        case .start: shift = 0
        case .middle: shift = advance / 2
        case .end: shift = advance
        }
        let p = device(point)
        if rotated {
            let ox = Int(p.x.rounded()), oy = Int((p.y + shift).rounded())
            for row in 0..<mask.height {
                for column in 0..<mask.width {
                    let value = mask.coverage[row * mask.width + column]
                    guard value > 0 else { continue }
                    blend(ox + row - mask.baseline, oy - (column - mask.originX) - 1, color, Double(value) / 255)
                }
            }
        } else {
            let ox = Int((p.x - shift).rounded()), oy = Int(p.y.rounded())
            for row in 0..<mask.height {
                for column in 0..<mask.width {
                    let value = mask.coverage[row * mask.width + column]
                    guard value > 0 else { continue }
                    blend(ox + column - mask.originX, oy + row - mask.baseline, color, Double(value) / 255)
                }
            }
        }
    }

    func image(rgba: [UInt8], pixelWidth sourceWidth: Int, pixelHeight sourceHeight: Int, in rect: Rect, smooth: Bool) {
        guard sourceWidth > 0, sourceHeight > 0, rgba.count >= sourceWidth * sourceHeight * 4 else { return }
        let left = rect.minX * scale, top = rect.minY * scale
        let right = rect.maxX * scale, bottom = rect.maxY * scale
        let x0 = max(clip.x0, Int(left.rounded())), x1 = min(clip.x1, Int(right.rounded()))
        let y0 = max(clip.y0, Int(top.rounded())), y1 = min(clip.y1, Int(bottom.rounded()))
        guard x1 > x0, y1 > y0 else { return }
        let sx = Double(sourceWidth) / (right - left), sy = Double(sourceHeight) / (bottom - top)
        func sample(_ column: Int, _ row: Int) -> (Double, Double, Double, Double) {
            let c = max(0, min(sourceWidth - 1, column)), r = max(0, min(sourceHeight - 1, row))
            let i = 4 * (r * sourceWidth + c)
            return (Double(rgba[i]), Double(rgba[i + 1]), Double(rgba[i + 2]), Double(rgba[i + 3]))
        }
        for y in y0..<y1 {
            let v = (Double(y) + 0.5 - top) * sy
            for x in x0..<x1 {
                let u = (Double(x) + 0.5 - left) * sx
                var value: (Double, Double, Double, Double)
                if smooth {
                    let fu = u - 0.5, fv = v - 0.5
                    let c0 = Int(fu.rounded(.down)), r0 = Int(fv.rounded(.down))
                    let tu = fu - Double(c0), tv = fv - Double(r0)
                    let a = sample(c0, r0), b = sample(c0 + 1, r0), c = sample(c0, r0 + 1), d = sample(c0 + 1, r0 + 1)
                    func mix(_ p: Double, _ q: Double, _ r: Double, _ s: Double) -> Double {
                        (p * (1 - tu) + q * tu) * (1 - tv) + (r * (1 - tu) + s * tu) * tv
                    }
                    value = (mix(a.0, b.0, c.0, d.0), mix(a.1, b.1, c.1, d.1), mix(a.2, b.2, c.2, d.2), mix(a.3, b.3, c.3, d.3))
                } else {
                    value = sample(Int(u.rounded(.down)), Int(v.rounded(.down)))
                }
                let color = Color(red: UInt8(value.0.rounded()), green: UInt8(value.1.rounded()), blue: UInt8(value.2.rounded()))
                blend(x, y, color, value.3 / 255)
            }
        }
    }

    func clipped(to rect: Rect, _ body: () -> Void) {
        let saved = clip
        clip = (max(saved.x0, Int((rect.minX * scale).rounded(.down))),
                max(saved.y0, Int((rect.minY * scale).rounded(.down))),
                min(saved.x1, Int((rect.maxX * scale).rounded(.up))),
                min(saved.y1, Int((rect.maxY * scale).rounded(.up))))
        body()
        clip = saved
    }

    /// Copies an RGB or gray block of pixels at a device position (image grids).
    func blit(_ source: [UInt8], width: Int, height: Int, channels: Int, atX x: Int, y: Int) {
        for row in 0..<height {
            let ty = y + row
            guard ty >= 0, ty < pixelHeight else { continue }
            for column in 0..<width {
                let tx = x + column
                guard tx >= 0, tx < pixelWidth else { continue }
                let s = (row * width + column) * channels
                let t = 3 * (ty * pixelWidth + tx)
                if channels == 1 {
                    pixels[t] = source[s]; pixels[t + 1] = source[s]; pixels[t + 2] = source[s]
                } else {
                    pixels[t] = source[s]; pixels[t + 1] = source[s + 1]; pixels[t + 2] = source[s + 2]
                }
            }
        }
    }
}
