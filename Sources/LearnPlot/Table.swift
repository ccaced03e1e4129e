import NotebookDisplay
import Foundation

/// A table of values, shown as HTML in a notebook and as aligned text elsewhere.
/// Columns whose cells are all numbers are right-aligned.
///
/// ```swift
/// Table(columns: ["model", "accuracy", "params"],
///       rows: [["mlp", 0.912, 110_000], ["cnn", 0.987, 93_322]])
/// ```
public struct Table {
    public var columns: [String]
    /// Cells as text, every row as long as `columns`.
    public private(set) var rows: [[String]]
    public var caption: String?
    private var numeric: [Bool]

    public init(columns: [String], rows: [[any CustomStringConvertible]], caption: String? = nil) {
        let width = max(columns.count, rows.map(\.count).max() ?? 0)
        self.columns = columns + Array(repeating: "", count: width - columns.count)
        self.caption = caption
        self.rows = rows.map { row in row.map(Table.format) + Array(repeating: "", count: width - row.count) }
        numeric = (0..<width).map { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }
            return !cells.isEmpty && cells.allSatisfy(Table.isNumber)
        }
    }

    static func isNumber(_ value: any CustomStringConvertible) -> Bool {
        value is any BinaryInteger || value is any BinaryFloatingPoint
    }

    /// Floating-point cells get at most 4 decimals (and no float noise like 0.30000000000000004).
    static func format(_ value: any CustomStringConvertible) -> String {
        guard let floating = value as? any BinaryFloatingPoint else { return value.description }
        let number = Double(floating)
        guard number.isFinite else { return number.description }
        let magnitude = abs(number)
        if magnitude != 0, magnitude < 1e-3 || magnitude >= 1e9 { return String(format: "%.3e", number) }
        var text = String(format: "%.4f", number)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public var html: String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let align = numeric[column] ? " style=\"text-align: right\"" : " style=\"text-align: left\""
            return "<\(tag)\(align)>\(Self.escapeHTML(text))</\(tag)>"
        }
        var html = "<table>\n"
        if let caption { html += "<caption>\(Self.escapeHTML(caption))</caption>\n" }
        html += "<thead><tr>" + columns.enumerated().map { cell("th", $0.element, $0.offset) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>"
    }

    /// Columns padded to their widest cell, a rule under the header.
    public var plainText: String {
        let widths = columns.indices.map { column in
            ([columns[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return numeric[column] ? padding + text : text + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines: [String] = []
        if let caption { lines.append(caption) }
        lines.append(line(columns))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

extension Table: DisplayRepresentable, CustomStringConvertible {
    public var description: String { plainText }
    public var mimeBundle: MIMEBundle { MIMEBundle(["text/html": html, "text/plain": plainText]) }
}

/// Markdown text, rendered by the notebook (headings, lists, emphasis, LaTeX math).
public struct Markdown: DisplayRepresentable, CustomStringConvertible {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var description: String { text }
    public var mimeBundle: MIMEBundle { MIMEBundle(["text/markdown": text, "text/plain": text]) }
}
