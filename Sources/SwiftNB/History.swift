import Foundation
import JupyterProtocol

/// The inputs (and final values) of executed cells, kept across kernel sessions in a JSON
/// Lines file so that `history_request` can look back as IPython's history does.
struct History {
    struct Entry: Codable {
        var session: Int
        var line: Int
        var input: String
        var output: String?
    }

    private(set) var entries: [Entry] = []
    let session: Int
    private let file: URL?

    /// Reads earlier sessions from `file` (unreadable lines are skipped) and starts a new one.
    init(file: URL?) {
        self.file = file
        if let file, let text = try? String(contentsOf: file, encoding: .utf8) {
            let decoder = JSONDecoder()
            entries = text.split(separator: "\n").compactMap { try? decoder.decode(Entry.self, from: Data($0.utf8)) }
        }
        session = (entries.map(\.session).max() ?? 0) + 1
    }

    mutating func record(line: Int, input: String, output: String?) {
        let entry = Entry(session: session, line: line, input: input, output: output)
        entries.append(entry)
        guard let file, let data = try? JSONEncoder().encode(entry) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let handle = try? FileHandle(forWritingTo: file) {
            handle.seekToEndOfFile()
            handle.write(data + Data("\n".utf8))
            try? handle.close()
        } else {
            try? (data + Data("\n".utf8)).write(to: file)
        }
    }

    func lookup(_ access: HistoryAccess) -> [Entry] {
        switch access {
        case .tail(let n):
            return Array(entries.suffix(max(n, 0)))
        case .range(let session, let start, let stop):
            // Negative sessions count back from this one, as in IPython.
            let wanted = session <= 0 ? self.session + session : session
            return entries.filter { $0.session == wanted && $0.line >= start && (stop <= 0 || $0.line < stop) }
        case .search(let pattern, let n, let unique):
            let regex = try? NSRegularExpression(pattern: "^" + NSRegularExpression.escapedPattern(for: pattern)
                .replacingOccurrences(of: "\\*", with: ".*").replacingOccurrences(of: "\\?", with: ".") + "$",
                options: [.dotMatchesLineSeparators])
            var matches = entries.filter { entry in
                regex?.firstMatch(in: entry.input, range: NSRange(entry.input.startIndex..., in: entry.input)) != nil
            }
            if unique {
                var seen = Set<String>()
                matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
            }
            return n.map { Array(matches.suffix($0)) } ?? matches
        }
    }

    static var defaultFile: URL {
        let environment = ProcessInfo.processInfo.environment
        let data = environment["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return data.appendingPathComponent("swiftnb/history.jsonl")
    }
}
