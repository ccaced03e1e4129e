import Foundation
import CellEngine

/// Completion and inspection from what is known without running code: names defined by earlier
/// cells, the preloaded library's public symbols, and Swift's keywords.
final class Completer {
    private let engine: CellEngine
    private let library: LibrarySymbols

    init(engine: CellEngine) {
        self.engine = engine
        library = LibrarySymbols(configuration: engine.configuration)
    }

    /// Matches for the identifier before `cursor` (in Unicode scalars); after `Type.`, its members.
    func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        var start = cursor
        while start > 0, Self.isIdentifier(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<cursor]))
        let candidates: [String]
        if start > 0, scalars[start - 1] == "." {
            // `owner.` where owner is a chain of names (`model.fc.`): its type's members.
            var ownerStart = start - 1
            while ownerStart > 0, Self.isIdentifier(scalars[ownerStart - 1]) || scalars[ownerStart - 1] == "." { ownerStart -= 1 }
            candidates = members(of: String(String.UnicodeScalarView(scalars[ownerStart..<(start - 1)])))
        } else {
            candidates = engine.liveNames + library.topLevelNames + Self.keywords
        }
        var seen = Set<String>()
        let matches = candidates.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }.sorted()
        return (matches, start, cursor)
    }

    /// Members of a type named `owner`, or of the type of the expression `owner`.
    private func members(of owner: String) -> [String] {
        guard !owner.isEmpty else { return [] }
        let typeMembers = engine.members(ofType: owner) + library.members(of: owner)
        if !typeMembers.isEmpty { return typeMembers }
        guard let type = engine.typeName(of: owner).flatMap(Self.nominalType) else { return [] }
        return engine.members(ofType: type) + library.members(of: type)
    }

    /// "[Int]" → "Array", "[String : Int]" → "Dictionary", "Int?" → "Optional",
    /// "Cell3.Point" → "Point", "Box<Int>" → "Box".
    static func nominalType(_ type: String) -> String? {
        if type.hasSuffix("?") { return "Optional" }
        if type.hasPrefix("[") { return type.contains(":") ? "Dictionary" : "Array" }
        if type.hasPrefix("(") { return nil }
        let base = type.prefix { $0 != "<" }
        return base.split(separator: ".").last.map(String.init)
    }

    /// The declaration of the name at `cursor`.
    func declaration(in code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        var start = cursor, end = cursor
        while start > 0, Self.isIdentifier(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, Self.isIdentifier(scalars[end]) { end += 1 }
        guard start < end else { return nil }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        return engine.declaration(of: name) ?? library.declaration(of: name)
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    static let keywords = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "protocol", "public", "static", "struct", "subscript",
        "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough", "for",
        "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
        "rethrows", "super", "self", "Self", "throw", "throws", "true", "try", "async", "await", "lazy", "mutating",
        "override", "weak", "some", "any",
    ]
}

/// The preloaded library's public symbols, read once from `swift-symbolgraph-extract`.
final class LibrarySymbols {
    private struct Symbol {
        var path: [String]
        var declaration: String
    }

    private var symbols: [Symbol] = []
    private let ready = DispatchSemaphore(value: 0)

    init(configuration: CellEngine.Configuration) {
        DispatchQueue.global(qos: .utility).async { [self] in
            symbols = Self.extract(configuration)
            releaseFreedMemory(0)  // give the parser's transient memory back to the system
            ready.signal()
        }
    }

    private func loaded() -> [Symbol] {
        // The first request may wait for the extraction (a few seconds at most).
        if ready.wait(timeout: .now() + 20) == .success { ready.signal() }
        return symbols
    }

    var topLevelNames: [String] { loaded().filter { $0.path.count == 1 }.map { $0.path[0] } }

    func members(of owner: String) -> [String] {
        loaded().filter { $0.path.count == 2 && $0.path[0] == owner }.map { $0.path[1] }
    }

    func declaration(of name: String) -> String? {
        let matches = loaded().filter { $0.path.last == name }.sorted { $0.path.count < $1.path.count }
        guard !matches.isEmpty else { return nil }
        return matches.prefix(5).map(\.declaration).joined(separator: "\n")
    }

    private static func extract(_ configuration: CellEngine.Configuration) -> [Symbol] {
        let tool = URL(fileURLWithPath: configuration.toolchain.frontend).deletingLastPathComponent()
            .appendingPathComponent("swift-symbolgraph-extract").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("swiftnb-symbols-\(getpid())")
        defer { try? FileManager.default.removeItem(at: output) }
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var symbols: [Symbol] = []
        for (index, searchPath) in configuration.moduleSearchPaths.enumerated() {
            // The standard library first (print, String, …), then every preloaded module.
            let modules = (index == 0 ? ["Swift"] : []) + ((try? FileManager.default.contentsOfDirectory(atPath: searchPath)) ?? [])
                .filter { $0.hasSuffix(".swiftmodule") }.map { String($0.dropLast(".swiftmodule".count)) }
            for module in modules {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: tool)
                process.arguments = ["-module-name", module, "-target", configuration.toolchain.targetTriple,
                                     "-I", searchPath, "-output-dir", output.path, "-minimum-access-level", "public"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                guard (try? process.run()) != nil else { continue }
                process.waitUntilExit()
                symbols += parse(output.appendingPathComponent("\(module).symbols.json"))
            }
        }
        return symbols
    }

    /// Only the fields completion needs: decoding straight into these, instead of building a
    /// dictionary of the whole 50 MB graph, keeps the kernel's memory small.
    private struct Graph: Decodable {
        struct Fragment: Decodable { var spelling: String }
        struct Availability: Decodable {
            var isUnconditionallyDeprecated: Bool?
            var isUnconditionallyUnavailable: Bool?
            var deprecated: Version?
            var obsoleted: Version?
        }
        struct Version: Decodable {}
        struct Entry: Decodable {
            var pathComponents: [String]
            var declarationFragments: [Fragment]?
            var availability: [Availability]?
        }
        var symbols: [Entry]
    }

    private static func parse(_ file: URL) -> [Symbol] {
        guard let data = try? Data(contentsOf: file),
              let graph = try? JSONDecoder().decode(Graph.self, from: data) else { return [] }
        return graph.symbols.compactMap { entry in
            guard let last = entry.pathComponents.last, !last.hasPrefix("_"), !isRetired(entry.availability ?? []) else { return nil }
            let declaration = (entry.declarationFragments ?? []).map(\.spelling).joined()
            return Symbol(path: entry.pathComponents.map { String($0.prefix { $0 != "(" }) }, declaration: declaration)
        }
    }

    /// Deprecated, obsoleted and unavailable symbols would only crowd the completions.
    private static func isRetired(_ availability: [Graph.Availability]) -> Bool {
        availability.contains { entry in
            entry.isUnconditionallyDeprecated == true || entry.isUnconditionallyUnavailable == true
                || entry.obsoleted != nil || entry.deprecated != nil
        }
    }
}

/// glibc's malloc_trim (malloc.h is not in Swift's Glibc module).
@_silgen_name("malloc_trim")
private func releaseFreedMemory(_ pad: Int) -> Int32
