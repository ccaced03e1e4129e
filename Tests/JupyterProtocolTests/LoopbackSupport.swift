import CZeroMQ
import Foundation
import XCTest
@testable import JupyterProtocol

/// A handler whose behaviour is chosen by the code it is asked to run.
///   "fail"  → error outcome         "input" → readInput, then streams back what was typed
///   "block" → waits until interrupt  anything else → streams "ran <code>" and an execute_result
final class FakeHandler: KernelHandler {
    private let lock = NSLock()
    private var _executed: [ExecuteRequest] = []
    private var _interrupts = 0
    private var _shutdowns: [Bool] = []
    let executeStarted = DispatchSemaphore(value: 0)
    let interrupted = DispatchSemaphore(value: 0)

    var executed: [ExecuteRequest] { lock.lock(); defer { lock.unlock() }; return _executed }
    var interrupts: Int { lock.lock(); defer { lock.unlock() }; return _interrupts }
    var shutdowns: [Bool] { lock.lock(); defer { lock.unlock() }; return _shutdowns }

    func kernelInfo() -> [String: Any] {
        ["implementation": "fake", "implementation_version": "0.1", "banner": "fake kernel",
         "language_info": ["name": "swift", "version": "6.3", "mimetype": "text/x-swift", "file_extension": ".swift"]]
    }

    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecuteOutcome {
        lock.lock()
        _executed.append(request)
        lock.unlock()
        executeStarted.signal()
        switch request.code {
        case "fail":
            return .error(ename: "CompileError", evalue: "nope", traceback: ["line 1: nope"])
        case "input":
            let typed = context.readInput(prompt: "name? ", password: false)
            context.stream(.stdout, "typed \(typed ?? "<nil>")")
            return .ok
        case "block":
            _ = interrupted.wait(timeout: .now() + 10)
            context.stream(.stderr, "interrupted")
            return .error(ename: "Interrupted", evalue: "", traceback: [])
        default:
            context.stream(.stdout, "ran \(request.code)")
            context.executeResult(["text/plain": "42"], metadata: [:])
            return .ok
        }
    }

    func isComplete(_ code: String) -> IsCompleteStatus { code.hasSuffix("{") ? .incomplete(indent: "    ") : .complete }

    func complete(_ code: String, cursorPosition: Int) -> CompletionResult {
        CompletionResult(matches: ["print", "precondition"], cursorStart: cursorPosition - 2, cursorEnd: cursorPosition)
    }

    func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> [String: Any]? {
        code == "print" ? ["text/plain": "func print(_ items: Any...)"] : nil
    }

    func history(_ access: HistoryAccess, output: Bool, raw: Bool) -> [HistoryEntry] {
        [HistoryEntry(session: 1, line: 1, input: "1+1", output: "2")]
    }

    func interrupt() {
        lock.lock()
        _interrupts += 1
        lock.unlock()
        interrupted.signal()
    }

    func shutdown(restart: Bool) {
        lock.lock()
        _shutdowns.append(restart)
        lock.unlock()
    }
}

/// A kernel server running on free loopback ports, with a frontend's sockets connected to it.
final class Loopback {
    static let key = "loopback-secret"
    let handler = FakeHandler()
    let server: KernelServer
    let signer = try! MessageSigner(key: Loopback.key)
    private let serverDone = DispatchSemaphore(value: 0)

    private let context: ZMQContext
    let shell: ZMQSocket
    let control: ZMQSocket
    let stdin: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    /// Long enough for a loaded CI machine, short enough that a hang fails fast.
    static let timeoutMs = 5000

    init(handlesSIGINT: Bool = false) throws {
        server = try KernelServer(connection: ConnectionInfo(key: Self.key), handler: handler,
                                  handlesSIGINT: handlesSIGINT)
        let connection = server.connection
        context = try ZMQContext()
        shell = try context.makeSocket(.dealer)
        control = try context.makeSocket(.dealer)
        stdin = try context.makeSocket(.dealer)
        iopub = try context.makeSocket(.sub)
        heartbeat = try context.makeSocket(.req)
        // The kernel answers input on stdin to the routing id the execute request came from on shell.
        let identity = Data("frontend-\(UUID().uuidString)".utf8)
        try shell.setOption(ZMQ_ROUTING_ID, identity)
        try stdin.setOption(ZMQ_ROUTING_ID, identity)
        try iopub.setOption(ZMQ_SUBSCRIBE, Data())
        for socket in [shell, control, stdin, iopub, heartbeat] { try socket.setOption(ZMQ_LINGER, 0) }
        try shell.connect(connection.endpoint(connection.shellPort))
        try control.connect(connection.endpoint(connection.controlPort))
        try stdin.connect(connection.endpoint(connection.stdinPort))
        try iopub.connect(connection.endpoint(connection.iopubPort))
        try heartbeat.connect(connection.endpoint(connection.hbPort))

        let thread = Thread { [server, serverDone] in
            server.run()
            serverDone.signal()
        }
        thread.start()
    }

    /// Waits for run() to return; true if it did within the timeout.
    func waitForServerToStop() -> Bool {
        guard serverDone.wait(timeout: .now() + .milliseconds(Self.timeoutMs)) == .success else { return false }
        serverDone.signal()   // it stays stopped for later callers
        return true
    }

    func close() {
        server.stop()
        _ = waitForServerToStop()
        for socket in [shell, control, stdin, iopub, heartbeat] { socket.close() }
        context.terminate()
    }

    /// Sends a signed request; returns it so the caller can match replies by msg_id.
    @discardableResult
    func send(_ msgType: String, _ content: [String: Any] = [:], on socket: ZMQSocket) throws -> JupyterMessage {
        let message = JupyterMessage(header: .new(msgType: msgType, session: "test-frontend", username: "tester"),
                                     content: content)
        try socket.send(message.frames(signer: signer))
        return message
    }

    func receive(on socket: ZMQSocket, file: StaticString = #filePath, line: UInt = #line) throws -> JupyterMessage {
        guard let frames = try socket.receive(timeoutMs: Self.timeoutMs) else {
            XCTFail("no message within \(Self.timeoutMs) ms", file: file, line: line)
            throw ZMQError(operation: "receive (test timeout)", code: EAGAIN)
        }
        return try JupyterMessage(frames: frames, signer: signer)
    }

    /// Receives iopub messages until the first one of type `msgType`.
    func receiveIOPub(until msgType: String) throws -> JupyterMessage {
        while true {
            let message = try receive(on: iopub)
            if message.msgType == msgType { return message }
        }
    }

    /// The iopub messages whose parent is `request`, up to and including its status idle.
    func iopubMessages(for request: JupyterMessage) throws -> [JupyterMessage] {
        var messages: [JupyterMessage] = []
        while true {
            let message = try receive(on: iopub)
            guard message.parentHeader["msg_id"] as? String == request.header.msgID else { continue }
            messages.append(message)
            if message.msgType == "status", message.content["execution_state"] as? String == "idle" {
                return messages
            }
        }
    }
}
