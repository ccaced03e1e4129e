/// Which live cell module owns each top-level name. A later definition of a name moves it,
/// and a module whose names were taken is then imported only through its remaining names:
/// importing two modules that both define `x` makes `x` ambiguous in Swift.
struct NameTable {
    struct Module {
        var name: String
        var declarations: [(kind: DeclarationKind, name: String)]
        /// Extension members count as redefinitions of each other: `Int.twice`.
        var members: [String]
        /// The module also defines names that must stay unreachable (globals whose
        /// initialisation failed), so it can only be imported name by name.
        var hidesNames = false
    }

    private(set) var modules: [Module] = []
    private var owner: [String: String] = [:]
    private var memberOwner: [String: String] = [:]
    /// `import Foundation` and friends, repeated in every later cell.
    private(set) var userImports: [String] = []

    mutating func register(_ module: Module, imports: [String]) {
        modules.append(module)
        for declaration in module.declarations { owner[declaration.name] = module.name }
        for member in module.members { memberOwner[member] = module.name }
        for line in imports where !userImports.contains(line) { userImports.append(line) }
    }

    /// The module that now defines `name`, if any cell did.
    func owner(of name: String) -> String? { owner[name] }

    /// Every live top-level name, with its kind.
    var liveNames: [(kind: DeclarationKind, name: String)] {
        modules.flatMap { module in module.declarations.filter { owner[$0.name] == module.name } }
    }

    /// The import lines a new cell needs to see every live name exactly once. Names the new
    /// cell `redefines` itself are left out, or its own definition would be ambiguous with them.
    func importLines(redefining redefined: Set<String> = []) -> [String] {
        var lines: [String] = []
        for module in modules {
            let live = module.declarations.filter { owner[$0.name] == module.name && !redefined.contains($0.name) }
            let untouched = !module.hidesNames && live.count == module.declarations.count
                && module.members.allSatisfy { memberOwner[$0] == module.name }
            if untouched {
                lines.append("@testable import \(module.name)")
            } else {
                var seen = Set<String>()
                for declaration in live where seen.insert(declaration.name).inserted {
                    lines.append("@testable import \(declaration.kind.rawValue) \(module.name).\(Self.escaped(declaration.name))")
                }
            }
        }
        return lines
    }

    /// Backticks make keywords usable as names in an import path.
    private static func escaped(_ name: String) -> String {
        name.first.map { $0.isLetter || $0 == "_" } == true ? "`\(name)`" : name
    }
}
