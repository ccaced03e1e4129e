import Foundation

/// Injects parameters as papermill does: a new cell tagged `injected-parameters` right after
/// the cell tagged `parameters` (or first, if there is none), redefining each name.
public enum Parameters {
    /// Returns warnings: names the parameters cell does not declare (papermill warns too).
    @discardableResult
    public static func inject(_ values: [(name: String, value: String)], into notebook: inout Notebook) -> [String] {
        guard !values.isEmpty else { return [] }
        var cells = notebook.cells
        let parametersIndex = cells.firstIndex { Notebook.tags(of: $0).contains("parameters") }
        let declared = parametersIndex.map { Notebook.source(of: cells[$0]) } ?? ""
        let source = values.map { declaration(name: $0.name, value: $0.value, declaredIn: declared) }.joined(separator: "\n")
        let warnings = values.filter { !isDeclared($0.name, in: declared) }.map { "parameter '\($0.name)' is not declared in the cell tagged 'parameters'" }
        cells.removeAll { Notebook.tags(of: $0).contains("injected-parameters") }
        let injected: [String: Any] = [
            "cell_type": "code", "id": Notebook.newCellID(), "execution_count": NSNull(),
            "metadata": ["tags": ["injected-parameters"]], "outputs": [], "source": "// Parameters\n" + source,
        ]
        let insertAt = (cells.firstIndex { Notebook.tags(of: $0).contains("parameters") }).map { $0 + 1 } ?? 0
        cells.insert(injected, at: insertAt)
        notebook.cells = cells
        return warnings
    }

    /// Values that cannot be the type their parameter is declared with (`-p epochs 2.5` for an
    /// Int), as messages; checked before anything runs.
    public static func mismatches(_ values: [(name: String, value: String)], in notebook: Notebook) -> [String] {
        let declared = notebook.cells.first { Notebook.tags(of: $0).contains("parameters") }.map(Notebook.source(of:)) ?? ""
        return values.compactMap { parameter in
            let text = declaration(name: parameter.name, value: parameter.value, declaredIn: declared)
            guard let kind = ["Int", "Double", "Float", "Bool"].first(where: { text.contains(": \($0)") || text.contains(": \($0)?") })
                    ?? impliedKind(parameter.name, declared),
                  text.hasSuffix("\"") else { return nil }
            let article = kind == "Int" ? "an" : "a"
            return "parameter '\(parameter.name)' is \(article) \(kind) in the parameters cell; '\(parameter.value)' is not \(article) \(kind)"
        }
    }

    private static func impliedKind(_ name: String, _ declared: String) -> String? {
        let pattern = #"(?m)^\s*(?:let|var)\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*=\s*(.+?)\s*$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: declared, range: NSRange(declared.startIndex..., in: declared)),
              let range = Range(match.range(at: 1), in: declared) else { return nil }
        let kind = kindOfLiteral(String(declared[range]))
        return kind == "String" ? nil : kind
    }

    static func isDeclared(_ name: String, in source: String) -> Bool {
        let pattern = #"(?m)^\s*(let|var)\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\b"#
        return source.range(of: pattern, options: .regularExpression) != nil
    }

    /// `var epochs = 3`, keeping the keyword and type of the original declaration so that a
    /// Double stays a Double when the value is given as `1`.
    static func declaration(name: String, value: String, declaredIn source: String) -> String {
        let pattern = #"(?m)^\s*(let|var)\s+"# + NSRegularExpression.escapedPattern(for: name) + #"\s*(?::\s*([^=]+?))?\s*=\s*(.+?)\s*$"#
        var keyword = "var", type: String?, original: String?
        if let regex = try? NSRegularExpression(pattern: pattern),
           let match = regex.firstMatch(in: source, range: NSRange(source.startIndex..., in: source)) {
            let group = { (i: Int) in Range(match.range(at: i), in: source).map { String(source[$0]) } }
            keyword = group(1) ?? "var"
            type = group(2)?.trimmingCharacters(in: .whitespaces)
            original = group(3)
        }
        let literal = literal(value, type: type, like: original)
        return "\(keyword) \(name)\(type.map { ": \($0)" } ?? "") = \(literal)"
    }

    static func literal(_ value: String, type: String?, like original: String?) -> String {
        // `Int?` takes the literal of an `Int`; an original `nil` says nothing about the kind.
        let declaredKind = type.map { $0.hasSuffix("?") || $0.hasSuffix("!") ? String($0.dropLast()) : $0 }
        let kind = declaredKind ?? original.flatMap { $0 == "nil" ? nil : kindOfLiteral($0) } ?? kindOfLiteral(value)
        switch kind {
        case "Int" where Int(value) != nil: return value
        case "Double", "Float":
            if let number = Double(value) { return value.contains(".") || value.contains("e") ? value : "\(number)" }
        case "Bool" where ["true", "false"].contains(value.lowercased()): return value.lowercased()
        default:
            break
        }
        if value == "nil", type?.hasSuffix("?") == true { return "nil" }
        if kind != "String", type == nil, original == nil, Double(value) != nil { return value }
        return stringLiteral(value)
    }

    private static func kindOfLiteral(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "true" || trimmed == "false" { return "Bool" }
        if Int(trimmed) != nil { return "Int" }
        if Double(trimmed) != nil { return "Double" }
        return "String"
    }

    private static func stringLiteral(_ text: String) -> String {
        let unquoted = text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
        let escaped = unquoted.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
