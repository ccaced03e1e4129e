/// Turns compiler diagnostics into one error output that points at the user's own line and
/// column, with the offending line and a caret, as a REPL would show it.
enum CompileDiagnostics {
    /// The file name the parser's diagnostics are relocated to.
    static let parsedCellFile = "<cell>"

    static func error(_ diagnostics: [Diagnostic], cell: String, cellName: String,
                      shifts: [Int: (from: Int, by: Int)]) -> CellError? {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return nil }
        let lines = cell.split(separator: "\n", omittingEmptySubsequences: false)
        var traceback: [String] = []
        var first: String?
        for diagnostic in errors {
            let isUsers = diagnostic.file == cellName || diagnostic.file == parsedCellFile
            var column = diagnostic.column
            if isUsers, let shift = shifts[diagnostic.line], column >= shift.from { column -= shift.by }
            let file = isUsers ? cellName : diagnostic.file
            let headline = "\(file):\(diagnostic.line):\(column): error: \(diagnostic.message)"
            first = first ?? (isUsers ? "line \(diagnostic.line), column \(column): \(diagnostic.message)" : diagnostic.message)
            traceback.append(headline)
            if isUsers, diagnostic.line >= 1, diagnostic.line <= lines.count {
                let text = String(lines[diagnostic.line - 1])
                traceback.append("    " + text)
                traceback.append("    " + caretLine(text, column: column))
            }
        }
        return CellError(kind: .compile, name: "CompileError", value: first ?? "", traceback: traceback, stateLost: false)
    }

    /// Spaces up to the column (counted in UTF-8 bytes by the compiler), then a caret.
    private static func caretLine(_ text: String, column: Int) -> String {
        let prefix = String(decoding: Array(text.utf8).prefix(max(column - 1, 0)), as: UTF8.self)
        let padding = prefix.map { $0 == "\t" ? "\t" : " " }.joined()
        return padding + "^"
    }
}
