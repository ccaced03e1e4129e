import Foundation

/// Writes the Swift module for one cell: earlier cells imported, declarations and globals at
/// module level, statements in an entry function, all under `#sourceLocation` so that
/// diagnostics point at the user's own lines and columns.
///
/// The generated code calls the preloaded library's cell runtime (NotebookDisplay):
/// `_swiftnbShowResult`, `_swiftnbInitGlobal`, `_swiftnbInitGlobalAsync`, `_swiftnbRunAsync`,
/// `_swiftnbBindingReady` and `_swiftnbDescribeError`.
struct CellSourceGenerator {
    static let showPrefix = "_swiftnbShowResult("

    struct Output {
        var source: String
        var entrySymbol: String
        /// Lines where a prefix was inserted before the user's text: (first shifted column, shift).
        var columnShifts: [Int: (from: Int, by: Int)]
    }

    var moduleName: String
    var entrySymbol: String
    var cellName: String
    var preludeModules: [String]
    var importLines: [String]

    func generate(_ cell: [UInt8], items: [CellItem]) -> Output {
        var header = preludeModules.map { "import \($0)" } + importLines
        var topLevel: [String] = []
        var body: [String] = []
        var shifts: [Int: (from: Int, by: Int)] = [:]
        let lastExpression = items.last.flatMap { $0.kind == .statement(isExpression: true) ? $0 : nil }

        var bindingIndex = 0
        for item in items {
            let text = SourceText.string(cell, item.range)
            let (line, column) = SourceText.lineAndColumn(cell, offset: item.range.lowerBound)
            let indent = String(repeating: " ", count: column - 1)
            switch item.kind {
            case .importDecl:
                header.append(locate(line) + "\n" + indent + text)
            case .binding(let names):
                topLevel.append(locate(line) + "\n" + indent + bindingText(cell, item))
                // Touch the globals where they stood, then tell the worker they are ready.
                body.append((names.map { "_ = \(escaped($0))" } + ["_swiftnbBindingReady(\(bindingIndex))"]).joined(separator: "; "))
                bindingIndex += 1
            case .statement where item == lastExpression:
                let room = column - 1 - Self.showPrefix.count
                if room < 0 { shifts[line] = (from: Self.showPrefix.count + 1, by: -room) }
                body.append(locate(line) + "\n" + String(repeating: " ", count: max(room, 0)) + Self.showPrefix + text + "\n)")
            case .statement:
                body.append(locate(line) + "\n" + indent + text)
            case .declaration, .extensionOf, .otherDeclaration:
                topLevel.append(locate(line) + "\n" + indent + text)
            }
        }
        // A closing directive is only legal after an opening one.
        let closeTopLevel = (header + topLevel).contains { $0.hasPrefix("#sourceLocation(") } ? "#sourceLocation()\n" : ""
        let closeBody = body.contains { $0.hasPrefix("#sourceLocation(") } ? "#sourceLocation()\n" : ""
        // Top-level `await` needs an async body; the cell thread waits for it.
        let isAsync = items.contains { $0.awaits && $0.wrappedInitializer == nil }
        let call = isAsync ? "try _swiftnbRunAsync { try await \(entrySymbol)_body() }" : "try \(entrySymbol)_body()"
        let entry = """
        \(closeTopLevel)@_cdecl("\(entrySymbol)") public func \(entrySymbol)() -> UnsafeMutablePointer<CChar>? {
            do { \(call) } catch { return _swiftnbDescribeError(error) }
            return nil
        }
        func \(entrySymbol)_body() \(isAsync ? "async " : "")throws {
        \(body.joined(separator: "\n"))
        \(closeBody)}
        """
        let source = (header + topLevel).joined(separator: "\n") + "\n" + entry + "\n"
        return Output(source: source, entrySymbol: entrySymbol, columnShifts: shifts)
    }

    /// A global's initializer can neither throw nor wait; `let x = try await f()` becomes
    /// `let x = _swiftnbInitGlobalAsync { try await f() }`, which waits for the value and
    /// reports an error as the cell's.
    private func bindingText(_ cell: [UInt8], _ item: CellItem) -> String {
        guard let initializer = item.wrappedInitializer else { return SourceText.string(cell, item.range) }
        let wrapper = item.awaits ? "_swiftnbInitGlobalAsync" : "_swiftnbInitGlobal"
        return SourceText.string(cell, item.range.lowerBound..<initializer.lowerBound)
            + " \(wrapper) {" + SourceText.string(cell, initializer) + "\n}"
    }

    private func locate(_ line: Int) -> String {
        "#sourceLocation(file: \"\(escapedLiteral(cellName))\", line: \(line))"
    }

    private func escapedLiteral(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private func escaped(_ name: String) -> String {
        name.first.map { $0.isLetter || $0 == "_" } == true ? "`\(name)`" : name
    }
}
