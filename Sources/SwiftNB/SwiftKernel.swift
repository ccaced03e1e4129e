import Foundation
import CellEngine
import JupyterProtocol

/// The Jupyter kernel: answers each request with the cell engine. Sockets, signing and
/// message routing are JupyterProtocol's business; Swift cells are the engine's.
final class SwiftKernel: KernelHandler {
    private let engine: CellEngine
    private let completer: Completer
    private var history: History
    private let swiftVersion: String

    init(engine: CellEngine, history: History) {
        self.engine = engine
        self.history = history
        swiftVersion = engine.configuration.toolchain.version()
        completer = Completer(engine: engine)
    }

    func kernelInfo() -> [String: Any] {
        [
            "implementation": "swiftnb",
            "implementation_version": SwiftNBVersion.current,
            "banner": "SwiftNB \(SwiftNBVersion.current) — Swift \(swiftVersion) cells, with the Learn library preloaded",
            "language_info": [
                "name": "swift",
                "version": swiftVersion,
                "mimetype": "text/x-swift",
                "file_extension": ".swift",
                "codemirror_mode": "swift",
                "pygments_lexer": "swift",
            ],
            "help_links": [["text": "The Swift book", "url": "https://docs.swift.org/swift-book/"]],
        ]
    }

    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecuteOutcome {
        let output = ContextOutput(context: context, allowStdin: request.allowStdin)
        let outcome = engine.execute(request.code, cellName: "In[\(request.executionCount)]", output: output)
        if request.storeHistory && !request.silent {
            history.record(line: request.executionCount, input: request.code, output: output.resultText)
        }
        guard let error = outcome.error else { return .ok }
        return .error(ename: error.name, evalue: error.value, traceback: error.traceback)
    }

    func isComplete(_ code: String) -> IsCompleteStatus {
        switch engine.completeness(of: code) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    func complete(_ code: String, cursorPosition: Int) -> CompletionResult {
        let found = completer.complete(code, cursor: cursorPosition)
        return CompletionResult(matches: found.matches, cursorStart: found.start, cursorEnd: found.end)
    }

    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> [String: Any]? {
        guard let text = completer.declaration(in: code, cursor: cursorPosition) else { return nil }
        return ["text/plain": text]
    }

    func history(_ access: HistoryAccess, output: Bool, raw: Bool) -> [HistoryEntry] {
        history.lookup(access).map { entry in
            HistoryEntry(session: entry.session, line: entry.line, input: entry.input, output: output ? entry.output : nil)
        }
    }

    func interrupt() {
        engine.interrupt()
    }

    /// The process ends after shutdown either way; on a restart Jupyter starts a new one.
    func shutdown(restart: Bool) {
        engine.shutdown()
    }
}

/// Forwards the engine's output to the request's iopub context.
private final class ContextOutput: CellOutputHandler {
    let context: ExecutionContext
    let allowStdin: Bool
    /// The final expression's text, kept for history with output.
    private(set) var resultText: String?

    init(context: ExecutionContext, allowStdin: Bool) {
        self.context = context
        self.allowStdin = allowStdin
    }

    func cellStream(_ name: CellStream, _ text: String) {
        context.stream(name == .stderr ? .stderr : .stdout, text)
    }

    func cellDisplay(_ message: [String: Any]) {
        let data = message["data"] as? [String: Any] ?? [:]
        let metadata = message["metadata"] as? [String: Any] ?? [:]
        if message["page"] as? Bool == true {
            context.page(data)
        } else if message["result"] as? Bool == true {
            resultText = data["text/plain"] as? String
            context.executeResult(data, metadata: metadata)
        } else {
            context.displayData(data, metadata: metadata, transient: message["transient"] as? [String: Any] ?? [:],
                                update: message["update"] as? Bool ?? false)
        }
    }

    func cellClearOutput(wait: Bool) {
        context.clearOutput(wait: wait)
    }

    func cellReadInput(prompt: String, password: Bool) -> String? {
        allowStdin ? context.readInput(prompt: prompt, password: password) : nil
    }
}
