/// Where a running cell's output goes. The kernel forwards it to Jupyter; the headless runner
/// records it in the notebook; tests collect it.
public protocol CellOutputHandler: AnyObject {
    func cellStream(_ name: CellStream, _ text: String)
    /// A MIME bundle: `data`, `metadata`, optional `transient.display_id`, `update`
    /// (true: replace the output shown earlier under that display id) and `result`
    /// (true: the cell's final expression, Jupyter's execute_result), `page` (true: for the pager).
    func cellDisplay(_ message: [String: Any])
    func cellClearOutput(wait: Bool)
    /// A line typed by the user, or nil when input is not possible here.
    func cellReadInput(prompt: String, password: Bool) -> String?
}

public enum CellStream: String, Sendable { case stdout, stderr }

/// How a cell ended.
public enum CellOutcome: Equatable {
    case success
    case failure(CellError)

    public var error: CellError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// An error to show as the cell's `error` output.
public struct CellError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case compile, thrown, trap, interrupted, workerLost }
    public var kind: Kind
    /// A short name, e.g. "CompileError", "Fatal error", the thrown error's type.
    public var name: String
    public var value: String
    /// Lines to show, most useful first.
    public var traceback: [String]
    /// True when variables from earlier cells were lost (the worker had to be restarted).
    public var stateLost: Bool

    public var description: String { "\(name): \(value)" }
}
