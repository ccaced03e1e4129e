import Foundation

/// The socket a request arrived on; its reply goes back on the same socket.
enum KernelChannel: String {
    case shell, control
}

/// Where a request came from: its reply goes back there, and more requests may be waiting there.
protocol RequestSource: AnyObject {
    var channel: KernelChannel { get }
    func send(_ reply: JupyterMessage)
    /// Removes and returns the requests that have already arrived and wait to be handled.
    func takeWaitingRequests() -> [JupyterMessage]
}

/// What the receiving loop must do once a request has been handled.
enum RequestAftermath {
    case none
    /// An execute failed with stop_on_error. These requests were waiting before its reply was sent:
    /// their executes are to be aborted, anything else handled as usual.
    case abortExecutes(in: [JupyterMessage])
    case shutdown
}

/// Turns requests into handler calls and replies, a method per message type.
/// Every handled request is framed by status busy and idle on iopub.
final class RequestDispatcher {
    private let handler: KernelHandler
    private let publisher: IOPubPublisher
    private let stdin: StdinChannel
    private let session: String
    /// Touched only by the shell thread, the one place executes run.
    private var executionCount = 0

    private static let shellRequests: Set<String> = [
        "execute_request", "kernel_info_request", "is_complete_request", "complete_request", "inspect_request",
        "history_request", "comm_info_request", "comm_open", "comm_msg", "comm_close", "shutdown_request",
    ]
    /// Control answers only what must work while shell is busy; the handler need not be re-entrant otherwise.
    private static let controlRequests: Set<String> = ["kernel_info_request", "interrupt_request", "shutdown_request"]

    init(handler: KernelHandler, publisher: IOPubPublisher, stdin: StdinChannel, session: String) {
        self.handler = handler
        self.publisher = publisher
        self.stdin = stdin
        self.session = session
    }

    /// From interrupt_request or SIGINT: stop waiting for input, then let the handler stop the execution.
    func interrupt() {
        stdin.cancelPendingInput()
        handler.interrupt()
    }

    func handle(_ request: JupyterMessage, from source: RequestSource) -> RequestAftermath {
        let known = source.channel == .shell ? Self.shellRequests : Self.controlRequests
        guard known.contains(request.msgType) else {
            KernelLog.warning("dropped unsupported \(request.msgType) on \(source.channel.rawValue)")
            return .none
        }
        publishStatus("busy", parent: request)
        defer { publishStatus("idle", parent: request) }
        return route(request, from: source)
    }

    /// Answers a queued execute_request without running it (after an earlier error with stop_on_error).
    func abort(_ request: JupyterMessage, from source: RequestSource) {
        publishStatus("busy", parent: request)
        source.send(makeReply(to: request, content: ["status": "aborted"]))
        publishStatus("idle", parent: request)
    }

    private func publishStatus(_ state: String, parent: JupyterMessage) {
        publisher.publish("status", content: ["execution_state": state], parent: parent)
    }

    private func makeReply(to request: JupyterMessage, content: [String: Any]) -> JupyterMessage {
        let replyType = request.msgType.replacingOccurrences(of: "_request", with: "_reply")
        return JupyterMessage(replyTo: request, msgType: replyType, session: session, content: content)
    }

    private func route(_ request: JupyterMessage, from source: RequestSource) -> RequestAftermath {
        let content = request.content
        let reply = { (content: [String: Any]) in source.send(self.makeReply(to: request, content: content)) }
        switch request.msgType {
        case "execute_request":
            return execute(request, from: source)
        case "kernel_info_request":
            reply(kernelInfo())
        case "is_complete_request":
            reply(isComplete(content.string("code") ?? ""))
        case "complete_request":
            reply(complete(content))
        case "inspect_request":
            reply(inspect(content))
        case "history_request":
            reply(history(content))
        case "comm_info_request":
            reply(["status": "ok", "comms": [String: Any]()])
        case "comm_open":
            rejectComm(request)
        case "interrupt_request":
            interrupt()
            reply(["status": "ok"])
        case "shutdown_request":
            let restart = content.bool("restart") ?? false
            reply(["status": "ok", "restart": restart])
            stdin.cancelPendingInput()
            handler.shutdown(restart: restart)
            return .shutdown
        default:
            break   // comm_msg, comm_close: this kernel has no comms, so there is nothing to update
        }
        return .none
    }

    private func execute(_ request: JupyterMessage, from source: RequestSource) -> RequestAftermath {
        let content = request.content
        let silent = content.bool("silent") ?? false
        let storeHistory = !silent && (content.bool("store_history") ?? true)
        if storeHistory { executionCount += 1 }
        let execute = ExecuteRequest(
            code: content.string("code") ?? "", silent: silent, storeHistory: storeHistory,
            allowStdin: content.bool("allow_stdin") ?? true, stopOnError: content.bool("stop_on_error") ?? true,
            executionCount: executionCount)
        if !silent {
            publisher.publish("execute_input", content: ["code": execute.code, "execution_count": executionCount],
                              parent: request)
        }
        let session = ExecutionSession(request: request, executeRequest: execute, publisher: publisher, stdin: stdin)
        switch handler.execute(execute, context: session) {
        case .ok:
            source.send(makeReply(to: request, content: [
                "status": "ok", "execution_count": executionCount,
                "user_expressions": [String: Any](), "payload": session.payloads,
            ]))
            return .none
        case let .error(ename, evalue, traceback):
            if !silent {
                publisher.publish("error", content: ["ename": ename, "evalue": evalue, "traceback": traceback],
                                  parent: request)
            }
            // Taken before the reply goes out: exactly the requests sent without knowing of this error.
            let waiting = execute.stopOnError && !silent ? source.takeWaitingRequests() : []
            source.send(makeReply(to: request, content: [
                "status": "error", "execution_count": executionCount,
                "ename": ename, "evalue": evalue, "traceback": traceback,
            ]))
            return waiting.isEmpty ? .none : .abortExecutes(in: waiting)
        }
    }

    private func kernelInfo() -> [String: Any] {
        var info = handler.kernelInfo()
        info["status"] = "ok"
        info["protocol_version"] = JupyterProtocolVersion.current
        return info
    }

    private func isComplete(_ code: String) -> [String: Any] {
        switch handler.isComplete(code) {
        case .complete: return ["status": "complete"]
        case .incomplete(let indent): return ["status": "incomplete", "indent": indent]
        case .invalid: return ["status": "invalid"]
        case .unknown: return ["status": "unknown"]
        }
    }

    private func complete(_ content: [String: Any]) -> [String: Any] {
        let code = content.string("code") ?? ""
        let cursor = content.int("cursor_pos") ?? code.unicodeScalars.count
        let result = handler.complete(code, cursorPosition: cursor)
        return ["status": "ok", "matches": result.matches, "cursor_start": result.cursorStart,
                "cursor_end": result.cursorEnd, "metadata": result.metadata]
    }

    private func inspect(_ content: [String: Any]) -> [String: Any] {
        let code = content.string("code") ?? ""
        let cursor = content.int("cursor_pos") ?? code.unicodeScalars.count
        let bundle = handler.inspect(code, cursorPosition: cursor, detailLevel: content.int("detail_level") ?? 0)
        return ["status": "ok", "found": bundle != nil, "data": bundle ?? [:], "metadata": [String: Any]()]
    }

    private func history(_ content: [String: Any]) -> [String: Any] {
        let output = content.bool("output") ?? false
        let entries = handler.history(historyAccess(content), output: output, raw: content.bool("raw") ?? true)
        let history: [[Any]] = entries.map { entry in
            let text: Any = output ? [entry.input, entry.output ?? NSNull()] as [Any] : entry.input
            return [entry.session, entry.line, text]
        }
        return ["status": "ok", "history": history]
    }

    /// Missing fields take ipykernel's defaults; a range without `stop` runs to the end.
    private func historyAccess(_ content: [String: Any]) -> HistoryAccess {
        switch content.string("hist_access_type") {
        case "range":
            return .range(session: content.int("session") ?? 0, start: content.int("start") ?? 0,
                          stop: content.int("stop") ?? Int.max)
        case "search":
            return .search(pattern: content.string("pattern") ?? "*", n: content.int("n"),
                           unique: content.bool("unique") ?? false)
        default:
            return .tail(n: content.int("n") ?? 10)
        }
    }

    /// No comm targets exist here; the spec asks for an immediate comm_close so the frontend drops the comm.
    private func rejectComm(_ request: JupyterMessage) {
        guard let commID = request.content.string("comm_id") else { return }
        publisher.publish("comm_close", content: ["comm_id": commID, "data": [String: Any]()], parent: request)
    }
}
