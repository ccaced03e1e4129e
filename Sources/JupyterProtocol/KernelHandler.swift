import Foundation

// The one interface a kernel implements, a method per request (as in xeus). Sockets, signing, routing,
// busy/idle and execution counting live in KernelServer; a handler only answers questions about code.

public struct ExecuteRequest {
    public var code: String
    public var silent: Bool
    public var storeHistory: Bool
    public var allowStdin: Bool
    public var stopOnError: Bool
    /// The count this execution gets: the server increments it when storeHistory && !silent;
    /// silent runs reuse the current count.
    public var executionCount: Int

    public init(code: String, silent: Bool = false, storeHistory: Bool = true, allowStdin: Bool = true,
                stopOnError: Bool = true, executionCount: Int) {
        self.code = code
        self.silent = silent
        self.storeHistory = storeHistory
        self.allowStdin = allowStdin
        self.stopOnError = stopOnError
        self.executionCount = executionCount
    }
}

public enum StreamName: String { case stdout, stderr }

/// Given to the handler while one execute request runs; publishes on iopub with that request as parent.
/// Thread-safe: it may be called from any thread while execute() has not returned.
public protocol ExecutionContext: AnyObject {
    func stream(_ name: StreamName, _ text: String)
    /// update → update_display_data
    func displayData(_ data: [String: Any], metadata: [String: Any], transient: [String: Any], update: Bool)
    func executeResult(_ data: [String: Any], metadata: [String: Any])
    func clearOutput(wait: Bool)
    /// Sends input_request on stdin to the requesting frontend and waits for input_reply.
    /// nil when the request had allow_stdin false, or the frontend sent no reply (e.g. an interrupt_request
    /// arrived, or shutdown).
    func readInput(prompt: String, password: Bool) -> String?
    /// Shows a MIME bundle in the frontend's pager: a `page` payload on the execute reply.
    func page(_ data: [String: Any])
}

public enum ExecuteOutcome {
    case ok
    case error(ename: String, evalue: String, traceback: [String])
}

public enum IsCompleteStatus {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

public struct CompletionResult {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
    public var metadata: [String: Any]

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, metadata: [String: Any] = [:]) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.metadata = metadata
    }
}

public enum HistoryAccess {
    case tail(n: Int)
    case range(session: Int, start: Int, stop: Int)
    case search(pattern: String, n: Int?, unique: Bool)
}

public struct HistoryEntry {
    public var session: Int
    public var line: Int
    public var input: String
    public var output: String?

    public init(session: Int, line: Int, input: String, output: String? = nil) {
        self.session = session
        self.line = line
        self.input = input
        self.output = output
    }
}

public protocol KernelHandler: AnyObject {
    /// language_info, implementation, implementation_version, banner, help_links; the server adds status and
    /// protocol_version. Called from the control thread too, possibly while execute() runs on the shell thread.
    func kernelInfo() -> [String: Any]
    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecuteOutcome
    func isComplete(_ code: String) -> IsCompleteStatus
    /// Positions in Unicode scalars, as the spec says.
    func complete(_ code: String, cursorPosition: Int) -> CompletionResult
    /// A MIME bundle; nil = not found.
    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> [String: Any]?
    func history(_ access: HistoryAccess, output: Bool, raw: Bool) -> [HistoryEntry]
    /// From interrupt_request on control, or SIGINT; runs on another thread than execute(); must return quickly.
    func interrupt()
    /// Called on the thread that received shutdown_request, after the reply is sent.
    func shutdown(restart: Bool)
}
