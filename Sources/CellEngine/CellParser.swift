import Foundation

/// Splits a cell into top-level items with the compiler's own parser
/// (`swift-frontend -dump-parse -dump-ast-format json`), never a hand-written one.
struct CellParser {
    let toolchain: SwiftToolchain
    let workDirectory: URL

    struct Result {
        var items: [CellItem]
        /// Parser diagnostics (syntax errors), in the cell's own lines and columns.
        var diagnostics: [Diagnostic]
    }

    func parse(_ source: String) throws -> Result {
        let file = workDirectory.appendingPathComponent("parse-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(source.utf8).write(to: file)
        let run = try toolchain.run(toolchain.frontend, [
            "-dump-parse", "-dump-ast-format", "json", "-diagnostic-style=llvm",
            "-disable-objc-interop", file.path,
        ])
        let diagnostics = Diagnostic.parseAll(run.stderr).map { $0.relocated(to: CompileDiagnostics.parsedCellFile) }
        if diagnostics.contains(where: { $0.severity == .error }) {
            return Result(items: [], diagnostics: diagnostics)
        }
        guard let tree = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            throw CellEngineError.toolchainFailure("the Swift parser printed no syntax tree: \(run.stderr)")
        }
        // An empty or comment-only cell has no "items" at all.
        let nodes = tree["items"] as? [[String: Any]] ?? []
        return Result(items: Self.items(from: nodes, source: Array(source.utf8)), diagnostics: diagnostics)
    }

    /// Turns the parser's top-level nodes into items with exact byte ranges.
    static func items(from nodes: [[String: Any]], source: [UInt8]) -> [CellItem] {
        // var_decl nodes follow their top_level_code_decl and only repeat its names.
        let kept = nodes.filter { ($0["_kind"] as? String) != "var_decl" && !(($0["implicit"] as? Bool) ?? false) }
        var items: [CellItem] = []
        for (index, node) in kept.enumerated() {
            guard let range = node["range"] as? [String: Int], let start = range["start"], let lastToken = range["end"] else { continue }
            let limit = index + 1 < kept.count ? ((kept[index + 1]["range"] as? [String: Int])?["start"] ?? source.count) : source.count
            let end = SourceText.endOfItem(source, start: start, lastTokenStart: lastToken, limit: limit)
            guard let kind = kind(of: node) else { continue }
            // Attributes and modifiers (`@MainActor`, `private`, `infix`) are not in the node's
            // range, and an `#if` block is not a node at all: both sit in the gap before it.
            let gapStart = items.last?.range.upperBound ?? 0
            items += conditionalBlocks(source, in: gapStart..<start)
            let itemStart = SourceText.skipTrivia(source, from: items.last?.range.upperBound ?? gapStart, to: start)
            var item = CellItem(kind: kind, range: itemStart..<end)
            item.awaits = contains(kind: "await_expr", in: node)
            item.members = memberNames(node)
            if case .binding = kind { item.wrappedInitializer = wrappedInitializer(node, source: source, itemRange: start..<end) }
            items.append(item)
        }
        return items + conditionalBlocks(source, in: (items.last?.range.upperBound ?? 0)..<source.count)
    }

    /// `#if … #endif` blocks in a gap between nodes, as declarations copied whole (the parser's
    /// dump leaves them out).
    static func conditionalBlocks(_ source: [UInt8], in gap: Range<Int>) -> [CellItem] {
        var blocks: [CellItem] = []
        var position = SourceText.skipTrivia(source, from: gap.lowerBound, to: gap.upperBound)
        while position < gap.upperBound, SourceText.hasPrefix(source, at: position, "#if"),
              let end = SourceText.endOfConditionalBlock(source, from: position, limit: gap.upperBound) {
            blocks.append(CellItem(kind: .otherDeclaration, range: position..<end))
            position = SourceText.skipTrivia(source, from: end, to: gap.upperBound)
        }
        return blocks
    }

    static func kind(of node: [String: Any]) -> CellItem.Kind? {
        let kind = node["_kind"] as? String ?? ""
        switch kind {
        case "top_level_code_decl":
            guard let body = node["body"] as? [String: Any],
                  let statement = (body["elements"] as? [[String: Any]])?.first else { return nil }
            let statementKind = statement["_kind"] as? String ?? ""
            if statementKind == "pattern_binding_decl" {
                return .binding(names: boundNames(statement))
            }
            return .statement(isExpression: statementKind.hasSuffix("_expr"))
        case "import_decl": return .importDecl
        case "extension_decl":
            let members = (node["members"] as? [[String: Any]] ?? []).compactMap(name(of:))
            return .extensionOf(type: node["extended_type"] as? String ?? "", members: members)
        case "func_decl": return named(node, .func)
        case "struct_decl": return named(node, .struct)
        case "class_decl": return named(node, .class)
        case "enum_decl": return named(node, .enum)
        case "protocol": return named(node, .protocol)
        case "typealias": return named(node, .typealias)
        default: return .otherDeclaration
        }
    }

    private static func named(_ node: [String: Any], _ kind: DeclarationKind) -> CellItem.Kind {
        guard let name = name(of: node) else { return .otherDeclaration }
        return .declaration(kind, name: name)
    }

    /// Names declared directly inside a type or extension: methods, properties, cases.
    static func memberNames(_ node: [String: Any]) -> [String] {
        var names: [String] = []
        for member in node["members"] as? [[String: Any]] ?? [] {
            switch member["_kind"] as? String {
            case "pattern_binding_decl": names += boundNames(member)
            case "enum_case_decl":
                names += (member["elements"] as? [[String: Any]] ?? []).compactMap(name(of:))
            case "var_decl", "func_decl", "enum_element_decl", "subscript_decl", "struct_decl", "class_decl", "enum_decl", "typealias":
                if let name = name(of: member) { names.append(name) }
            default: break
            }
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    static func name(of node: [String: Any]) -> String? {
        if let name = node["name"] as? String { return name }
        guard let declName = node["name"] as? [String: Any],
              let baseName = declName["base_name"] as? [String: Any] else { return nil }
        return baseName["name"] as? String
    }

    /// Every `pattern_named` under a binding's patterns: `let (a, b) = …` binds a and b.
    static func boundNames(_ binding: [String: Any]) -> [String] {
        var names: [String] = []
        func walk(_ value: Any) {
            if let node = value as? [String: Any] {
                if node["_kind"] as? String == "pattern_named", let name = name(of: node) { names.append(name) }
                for (key, child) in node where key != "original_init" && key != "processed_init" { walk(child) }
            } else if let list = value as? [Any] {
                list.forEach(walk)
            }
        }
        for entry in binding["pattern_entries"] as? [[String: Any]] ?? [] { walk(entry["pattern"] as Any) }
        return names
    }

    /// The initializer's range when a single-entry binding's initializer contains `try` or
    /// `await`: a lazy global's initializer can neither throw nor wait, so the generator wraps it.
    /// Expressions carry no ranges in the dump; the initializer starts after the binding's
    /// first `=`, which a pattern or type annotation cannot contain.
    static func wrappedInitializer(_ node: [String: Any], source: [UInt8], itemRange: Range<Int>) -> Range<Int>? {
        guard let body = node["body"] as? [String: Any],
              let binding = (body["elements"] as? [[String: Any]])?.first,
              let entries = binding["pattern_entries"] as? [[String: Any]], entries.count == 1,
              let initializer = entries[0]["original_init"] as? [String: Any],
              contains(kind: "try_expr", in: initializer) || contains(kind: "await_expr", in: initializer),
              let equals = source[itemRange].firstIndex(of: UInt8(ascii: "=")) else { return nil }
        return (equals + 1)..<itemRange.upperBound
    }

    static func contains(kind: String, in value: Any) -> Bool {
        if let node = value as? [String: Any] {
            if node["_kind"] as? String == kind { return true }
            // A closure's own `try` does not make the initializer throw.
            if node["_kind"] as? String == "closure_expr" { return false }
            return node.values.contains { contains(kind: kind, in: $0) }
        }
        if let list = value as? [Any] { return list.contains { contains(kind: kind, in: $0) } }
        return false
    }
}
