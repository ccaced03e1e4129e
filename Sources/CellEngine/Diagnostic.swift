import Foundation

/// One compiler message, located in a file by line and column.
public struct Diagnostic: Equatable, Sendable {
    public enum Severity: String, Sendable { case error, warning, note }
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    /// Parses `-diagnostic-style=llvm` output: `file:line:col: severity: message`.
    static func parseAll(_ text: String) -> [Diagnostic] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { parse(String($0)) }
    }

    static func parse(_ line: String) -> Diagnostic? {
        for severity in [Severity.error, .warning, .note] {
            guard let marker = line.range(of: ": \(severity.rawValue): ") else { continue }
            let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3,
                  let lineNumber = Int(location[location.count - 2]),
                  let column = Int(location[location.count - 1]) else { continue }
            let file = location[..<(location.count - 2)].joined(separator: ":")
            return Diagnostic(file: file, line: lineNumber, column: column, severity: severity,
                              message: String(line[marker.upperBound...]))
        }
        return nil
    }

    func relocated(to file: String) -> Diagnostic {
        var copy = self
        copy.file = file
        return copy
    }
}
