import Foundation

/// A Jupyter notebook (nbformat 4) as JSON, keeping every field it does not interpret.
public struct Notebook {
    public var json: [String: Any]

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case notJSON(path: String, reason: String)
        case notNotebook(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): cannot read the file: \(reason)"
            case .notJSON(let path, let reason): return "\(path): not valid JSON: \(reason)"
            case .notNotebook(let path, let reason): return "\(path): not an nbformat 4 notebook: \(reason)"
            }
        }
    }

    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError.unreadable(path: path, reason: error.localizedDescription)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw LoadError.notJSON(path: path, reason: Self.reason(error))
        }
        guard let json = object as? [String: Any] else { throw LoadError.notNotebook(path: path, reason: "the top level is not an object") }
        guard json["nbformat"] as? Int == 4 else {
            throw LoadError.notNotebook(path: path, reason: "nbformat is \(json["nbformat"].map { "\($0)" } ?? "missing"), expected 4")
        }
        guard let cells = json["cells"] as? [[String: Any]] else { throw LoadError.notNotebook(path: path, reason: "no list of cells") }
        for (index, cell) in cells.enumerated() where cell["cell_type"] as? String == nil || cell["source"] == nil {
            throw LoadError.notNotebook(path: path, reason: "cell \(index + 1) has no cell_type or source")
        }
        self.json = json
        upgradeToMinor5()
    }

    public var cells: [[String: Any]] {
        get { json["cells"] as? [[String: Any]] ?? [] }
        set { json["cells"] = newValue }
    }

    /// The cell's source, which nbformat allows as one string or a list of lines.
    public static func source(of cell: [String: Any]) -> String {
        if let text = cell["source"] as? String { return text }
        return (cell["source"] as? [String] ?? []).joined()
    }

    public static func tags(of cell: [String: Any]) -> [String] {
        (cell["metadata"] as? [String: Any])?["tags"] as? [String] ?? []
    }

    /// nbformat 4.5 requires a unique id on every cell.
    private mutating func upgradeToMinor5() {
        var seen = Set<String>()
        cells = cells.map { cell in
            var cell = cell
            if let id = cell["id"] as? String, !id.isEmpty, seen.insert(id).inserted { return cell }
            let id = Self.newCellID()
            seen.insert(id)
            cell["id"] = id
            return cell
        }
        if (json["nbformat_minor"] as? Int ?? 0) < 5 { json["nbformat_minor"] = 5 }
    }

    static func newCellID() -> String {
        String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
    }

    /// Writes the notebook atomically: a temporary file in the same folder, then a rename, so
    /// a reader never sees half a notebook.
    public func write(to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try (data + Data("\n".utf8)).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write \(path): \(reason)"])
        }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo["NSDebugDescription"] as? String) ?? error.localizedDescription
    }
}
