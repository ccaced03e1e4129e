/// Failures of the engine itself, as opposed to errors in the user's cell.
public enum CellEngineError: Error, CustomStringConvertible {
    case toolchainNotFound(String)
    case toolchainFailure(String)
    case workerFailure(String)

    public var description: String {
        switch self {
        case .toolchainNotFound(let what): return "Swift toolchain not found: \(what)"
        case .toolchainFailure(let what): return "Swift toolchain failed: \(what)"
        case .workerFailure(let what): return "cell worker failed: \(what)"
        }
    }
}
