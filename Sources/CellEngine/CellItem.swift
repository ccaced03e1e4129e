/// One top-level item of a cell, as the Swift parser saw it.
struct CellItem: Equatable {
    enum Kind: Equatable {
        /// A global `let`/`var`; `names` are the variables it binds.
        case binding(names: [String])
        /// An expression or statement (`if`, `for`, a call, an assignment…).
        case statement(isExpression: Bool)
        /// A named declaration: func, struct, class, enum, protocol, typealias.
        case declaration(DeclarationKind, name: String)
        /// `extension T { … }`, with the names of its members.
        case extensionOf(type: String, members: [String])
        /// `import M`: copied into the cell module and kept for later cells.
        case importDecl
        /// Operators, precedence groups and anything else copied as written.
        case otherDeclaration
    }

    var kind: Kind
    /// Byte range of the item's text in the cell (UTF-8), trimmed of trailing trivia.
    var range: Range<Int>
    /// For a single-entry binding whose initializer contains `try` or `await`: the
    /// initializer's byte range, which the generator wraps (a lazy global cannot throw or wait).
    var wrappedInitializer: Range<Int>? = nil
    /// The item contains `await` outside any closure: it needs an async context.
    var awaits = false
    /// Names of the members a type declaration declares (for completion after `value.`).
    var members: [String] = []
}

/// The kinds of named declaration a later cell can import one by one
/// (`@testable import func Cell3.f`), spelled as the import keyword.
enum DeclarationKind: String, Equatable {
    case `var`, `func`, `struct`, `class`, `enum`, `protocol`, `typealias`
}
