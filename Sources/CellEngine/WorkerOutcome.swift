/// Reads the worker's "done" event.
enum WorkerOutcome {
    static func outcome(of event: [String: Any]) -> CellOutcome {
        let message = event["message"] as? String ?? ""
        switch event["status"] as? String {
        case "ok":
            return .success
        case "thrown":
            let name = event["ename"] as? String ?? "Error"
            let value = event["evalue"] as? String ?? ""
            return .failure(CellError(kind: .thrown, name: name, value: value,
                                      traceback: ["\(name): \(value)", "(an error thrown at the top level of the cell; variables are kept)"], stateLost: false))
        case "trap":
            // A runtime check without a message (arithmetic overflow, a failed cast) traps silently.
            let cause = message.isEmpty
                ? "a Swift runtime check failed (\(event["signal_name"] as? String ?? "a signal")), e.g. arithmetic overflow or a failed forced cast"
                : message
            return .failure(CellError(kind: .trap, name: "Fatal error", value: cause,
                                      traceback: ["Fatal error: \(cause)", "(the cell was stopped; variables from earlier cells are kept)"], stateLost: false))
        case "interrupted":
            return .failure(CellError(kind: .interrupted, name: "KeyboardInterrupt", value: "the cell was interrupted",
                                      traceback: ["KeyboardInterrupt: the cell was interrupted; variables are kept"], stateLost: false))
        default:
            return .failure(CellError(kind: .compile, name: "LoadError", value: message,
                                      traceback: ["LoadError: \(message)"], stateLost: false))
        }
    }
}
