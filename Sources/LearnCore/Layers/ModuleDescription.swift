import Foundation

/// A module prints as PyTorch prints it: its type, its settings, and its children indented.
extension Module: CustomStringConvertible, DisplayRepresentable {
    public var description: String {
        let name = String(describing: type(of: self))
        let kids = children
        if kids.isEmpty { return "\(name)(\(extraDescription))" }
        var lines = ["\(name)(\(extraDescription)"]
        for (childName, child) in kids {
            let text = child.description.replacingOccurrences(of: "\n", with: "\n  ")
            lines.append("  (\(childName)): \(text)")
        }
        lines.append(")")
        return lines.joined(separator: "\n")
    }
    public var mimeBundle: MIMEBundle { .plain(description) }
}
