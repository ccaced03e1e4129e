import Foundation

/// What a value shows in a notebook: one representation per MIME type, as Jupyter's
/// `display_data` carries them. Text types hold text; binary types (image/png) hold base64.
public struct MIMEBundle: Sendable, Equatable {
    public var data: [String: String]
    public var metadata: [String: [String: Int]]

    public init(_ data: [String: String], metadata: [String: [String: Int]] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    public static func plain(_ text: String) -> MIMEBundle { MIMEBundle(["text/plain": text]) }

    /// The bundle as the JSON object that the worker forwards to the frontend.
    /// `result`: the cell's final expression (Jupyter's execute_result), not a display call.
    func jsonObject(displayID: String?, update: Bool, result: Bool = false) -> [String: Any] {
        var object: [String: Any] = ["data": data, "metadata": metadata, "update": update, "result": result]
        if let displayID { object["transient"] = ["display_id": displayID] }
        return object
    }
}

/// A type that knows how to show itself, like IPython's `_repr_mimebundle_`.
/// Plots, images, tensors, tables and training histories adopt it.
public protocol DisplayRepresentable {
    var mimeBundle: MIMEBundle { get }
}

extension MIMEBundle {
    /// The bundle for any value: its own if it offers one, else its text.
    public static func of(_ value: Any) -> MIMEBundle {
        if let rich = value as? DisplayRepresentable { return rich.mimeBundle }
        return .plain(plainText(of: value))
    }

    /// Strings show quoted, like a REPL; everything else as `description` prints it, without
    /// the cell modules' names (`Cell31.Node` shows as `Node`).
    static func plainText(of value: Any) -> String {
        switch value {
        case let text as String: return String(reflecting: text)
        case let text as Substring: return String(reflecting: text)
        case let character as Character: return String(reflecting: character)
        default:
            return String(describing: value).replacingOccurrences(of: #"\bCell[0-9]+\."#, with: "", options: .regularExpression)
        }
    }
}

extension MIMEBundle: DisplayRepresentable {
    /// A bundle displays as itself, so `display(MIMEBundle(["text/html": …]))` works.
    public var mimeBundle: MIMEBundle { self }
}
