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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError.unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw LoadError.unreadable(path: path, reason: "it is a directory") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError.unreadable(path: path, reason: (error as NSError).localizedFailureReason ?? "permission denied or unreadable")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw LoadError.notJSON(path: path, reason: Self.reason(error))
        }
        guard let json = object as? [String: Any] else { throw LoadError.notNotebook(path: path, reason: "the top level is not an object") }
        guard let major = json["nbformat"] as? Int, !(json["nbformat"] is String) else {
            throw LoadError.notNotebook(path: path, reason: "nbformat must be the number 4, found \(json["nbformat"].map { "\($0)" } ?? "nothing")")
        }
        guard major == 4 else { throw LoadError.notNotebook(path: path, reason: "nbformat is \(major), expected 4") }
        guard let cells = json["cells"] as? [[String: Any]] else { throw LoadError.notNotebook(path: path, reason: "no list of cells") }
        for (index, cell) in cells.enumerated() {
            guard cell["cell_type"] is String else { throw LoadError.notNotebook(path: path, reason: "cell \(index + 1) has no cell_type") }
            guard cell["source"] is String || cell["source"] is [String] else {
                throw LoadError.notNotebook(path: path, reason: "cell \(index + 1) has no source text (a string or a list of strings)")
            }
        }
        self.json = json
        upgradeToMinor5()
        addMissingFields()
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

    /// Fields nbformat requires that hand-written notebooks often leave out.
    private mutating func addMissingFields() {
        if json["metadata"] == nil { json["metadata"] = [String: Any]() }
        cells = cells.map { cell in
            var cell = cell
            if cell["metadata"] == nil { cell["metadata"] = [String: Any]() }
            if cell["cell_type"] as? String == "code" {
                if cell["outputs"] == nil { cell["outputs"] = [Any]() }
                if cell["execution_count"] == nil { cell["execution_count"] = NSNull() }
            }
            return cell
        }
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

    /// Why `path` cannot receive a notebook, if it cannot: checked before any cell runs, so a
    /// long run does not end in a write error. A symbolic link is followed to its target.
    public static func problemWriting(to path: String) -> String? {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "\(path) is a directory" }
            let type = (try? FileManager.default.attributesOfItem(atPath: target.path)[.type]) as? FileAttributeType
            if type != .typeRegular { return "\(path) is not a regular file" }
        }
        let folder = target.deletingLastPathComponent().path
        if !FileManager.default.isWritableFile(atPath: folder) { return "cannot write into \(folder)" }
        return nil
    }

    /// Writes the notebook atomically: a temporary file in the same folder, then a rename, so
    /// a reader never sees half a notebook. A symbolic link is kept and its target replaced;
    /// an existing file keeps its permissions.
    public func write(to path: String) throws {
        if let problem = Self.problemWriting(to: path) { throw WriteError(message: problem) }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try (data + Data("\n".utf8)).write(to: temporary)
        } catch {
            throw WriteError(message: "cannot write \(path): \((error as NSError).localizedFailureReason ?? "write failed")")
        }
        if let permissions = try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(message: "cannot write \(path): \(reason)")
        }
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo["NSDebugDescription"] as? String) ?? error.localizedDescription
    }
}
