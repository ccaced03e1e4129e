import Foundation

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible, DisplayRepresentable {
    /// PyTorch's format: `tensor([[1.0000, 2.5000], ...])`, large tensors summarised with `...`
    /// (first and last three entries per axis) and their shape appended.
    public var description: String {
        var suffix = requiresGrad ? ", requires_grad=True" : ""
        if data.count > TensorFormatter.summaryThreshold { suffix = ", shape=\(shape)" + suffix }
        return TensorFormatter.describe(shape: shape, values: data.map(Double.init), integral: false, suffix: suffix)
    }
    public var debugDescription: String { description }
    public var mimeBundle: MIMEBundle { .plain(description) }
}

/// Formats tensors the way `torch._tensor_str` does (fixed, integer or scientific modes).
enum TensorFormatter {
    static let summaryThreshold = 1000
    static let edgeItems = 3
    static let lineWidth = 80

    static func describe(shape: [Int], values: [Double], integral: Bool, suffix: String) -> String {
        let prefix = "tensor("
        if values.isEmpty {
            return "\(prefix)[]\(shape.count == 1 ? "" : ", size=\(shape)")\(suffix))"
        }
        let summarize = values.count > summaryThreshold
        let shown = summarize ? shownValues(shape: shape, values: values) : values
        let format = ElementFormat(shown, integral: integral)
        if shape.isEmpty { return prefix + format.string(values[0]) + suffix + ")" }
        let body = render(shape: shape, values: values, offset: 0, axis: 0, indent: prefix.count,
                          format: format, summarize: summarize)
        return prefix + body + suffix + ")"
    }

    /// The values that will be printed (for choosing the format).
    static func shownValues(shape: [Int], values: [Double]) -> [Double] {
        var out: [Double] = []
        func walk(_ offset: Int, _ axis: Int) {
            if axis == shape.count { out.append(values[offset]); return }
            let stride = shape[(axis + 1)...].reduce(1, *)
            for i in indices(shape[axis], summarize: true) { walk(offset + i * stride, axis + 1) }
        }
        walk(0, 0)
        return out
    }

    static func indices(_ n: Int, summarize: Bool) -> [Int] {
        if summarize && n > 2 * edgeItems { return Array(0..<edgeItems) + Array((n - edgeItems)..<n) }
        return Array(0..<n)
    }

    static func render(shape: [Int], values: [Double], offset: Int, axis: Int, indent: Int,
                       format: ElementFormat, summarize: Bool) -> String {
        let n = shape[axis]
        let stride = shape[(axis + 1)...].reduce(1, *)
        let elided = summarize && n > 2 * edgeItems
        let idx = indices(n, summarize: summarize)
        if axis == shape.count - 1 {
            var items = idx.map { format.string(values[offset + $0 * stride]) }
            if elided { items.insert(" ...", at: edgeItems) }
            // Wrap long rows like PyTorch: as many items per line as fit in the line width.
            let perLine = max(1, (lineWidth - indent - 1) / (format.width + 2))
            if items.count <= perLine { return "[" + items.joined(separator: ", ") + "]" }
            var lines: [String] = []
            var i = 0
            while i < items.count {
                lines.append(items[i..<min(i + perLine, items.count)].joined(separator: ", "))
                i += perLine
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
        var slices = idx.map {
            render(shape: shape, values: values, offset: offset + $0 * stride, axis: axis + 1,
                   indent: indent + 1, format: format, summarize: summarize)
        }
        if elided { slices.insert("...", at: edgeItems) }
        let remaining = shape.count - axis
        let separator = "," + String(repeating: "\n", count: remaining - 1) + String(repeating: " ", count: indent + 1)
        return "[" + slices.joined(separator: separator) + "]"
    }

    struct ElementFormat {
        enum Mode { case integer, integralFloat, fixed, scientific }
        var mode: Mode
        var width: Int

        init(_ values: [Double], integral: Bool) {
            let finite = values.filter { $0.isFinite }
            if integral {
                mode = .integer
            } else if finite.allSatisfy({ $0 == $0.rounded() }) {
                let maxAbs = finite.map(abs).max() ?? 0
                mode = maxAbs > 1e8 ? .scientific : .integralFloat
            } else {
                let nonzero = finite.map(abs).filter { $0 != 0 }
                let maxAbs = nonzero.max() ?? 0, minAbs = nonzero.min() ?? 0
                mode = (maxAbs / max(minAbs, .leastNonzeroMagnitude) > 1000 || maxAbs > 1e8 || minAbs < 1e-4)
                    ? .scientific : .fixed
            }
            width = 0
            width = values.map { self.raw($0).count }.max() ?? 1
        }

        func raw(_ v: Double) -> String {
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            switch mode {
            case .integer: return String(Int(v))
            case .integralFloat: return String(format: "%.0f.", v)
            case .fixed: return String(format: "%.4f", v)
            case .scientific: return String(format: "%.4e", v)
            }
        }

        func string(_ v: Double) -> String {
            let s = raw(v)
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
    }
}
