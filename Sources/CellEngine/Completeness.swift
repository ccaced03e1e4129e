import Foundation

/// Whether a cell's text is ready to run, as a console asks before sending it.
public enum Completeness: Equatable {
    case complete
    /// More lines are expected; `indent` is a suggestion for the next one.
    case incomplete(indent: String)
    case invalid
}

extension CellEngine {
    /// Decided by the Swift parser: text whose only errors are at its very end (an open
    /// brace, bracket or multi-line string) is incomplete; any other syntax error is invalid.
    public func completeness(of code: String) -> Completeness {
        guard !code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .complete }
        guard let parsed = try? parser.parse(code) else { return .invalid }
        let errors = parsed.diagnostics.filter { $0.severity == .error }
        if errors.isEmpty { return .complete }
        let end = Self.endPosition(of: code)
        let atEnd = errors.allSatisfy { error in
            (error.line, error.column) >= end || error.message.hasPrefix("unterminated string literal") && code.contains("\"\"\"")
        }
        return atEnd ? .incomplete(indent: String(repeating: " ", count: 4 * Self.openBrackets(in: code))) : .invalid
    }

    /// The line and column just past the last non-blank character.
    static func endPosition(of code: String) -> (Int, Int) {
        let trimmed = code.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.count, (lines.last?.utf8.count ?? 0) + 1)
    }

    static func openBrackets(in code: String) -> Int {
        var depth = 0
        for character in code {
            switch character {
            case "{", "(", "[": depth += 1
            case "}", ")", "]": depth = max(depth - 1, 0)
            default: break
            }
        }
        return max(depth, 1)
    }
}
