import CZeroMQ
import Foundation

/// Asks the frontend that sent an execute request for a line of input (input_request / input_reply).
///
/// Only one request is outstanding at a time; the socket is used under `lock` from whichever thread
/// the handler calls readInput on. Interrupts and shutdown cancel a pending request.
final class StdinChannel {
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let session: String
    private let lock = NSLock()
    private var isClosed = false
    private let cancellation = NSLock()
    private var cancelGeneration = 0

    /// How often a waiting request looks for cancellation.
    private static let cancelCheckMs = 50

    init(context: ZMQContext, endpoint: String, signer: MessageSigner, session: String) throws {
        self.signer = signer
        self.session = session
        socket = try context.makeSocket(.router)
        try socket.setOption(ZMQ_LINGER, 0)
        try socket.bind(endpoint)
    }

    func boundEndpoint() throws -> String { try socket.lastEndpoint() }

    /// Makes any pending `requestInput` return nil (interrupt_request, SIGINT, shutdown).
    func cancelPendingInput() {
        cancellation.lock()
        cancelGeneration += 1
        cancellation.unlock()
    }

    private var generation: Int {
        cancellation.lock()
        defer { cancellation.unlock() }
        return cancelGeneration
    }

    /// Sends input_request to the frontend behind `parent` (its shell routing id, which the frontend also uses
    /// on stdin) and waits for its input_reply. nil if cancelled, closed, or the socket fails.
    func requestInput(prompt: String, password: Bool, parent: JupyterMessage) -> String? {
        let startGeneration = generation
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { return nil }
        do {
            discardStaleReplies()
            let request = JupyterMessage(replyTo: parent, msgType: "input_request", session: session,
                                         content: ["prompt": prompt, "password": password])
            try socket.send(try request.frames(signer: signer))
            while generation == startGeneration {
                guard let frames = try socket.receive(timeoutMs: Self.cancelCheckMs) else { continue }
                if let value = inputValue(frames) { return value }
            }
        } catch {
            KernelLog.warning("stdin failed: \(error)")
        }
        return nil
    }

    /// Replies to an earlier, cancelled request must not answer this one.
    private func discardStaleReplies() {
        while let frames = try? socket.receive(timeoutMs: 0) {
            KernelLog.warning("discarding a stale message on stdin (\(frames.count) frames)")
        }
    }

    private func inputValue(_ frames: [Data]) -> String? {
        do {
            let message = try JupyterMessage(frames: frames, signer: signer)
            guard message.msgType == "input_reply" else {
                KernelLog.warning("ignoring \(message.msgType) on stdin")
                return nil
            }
            return message.content["value"] as? String ?? ""
        } catch {
            KernelLog.warning("dropped message on stdin: \(error)")
            return nil
        }
    }

    func close() {
        cancelPendingInput()
        lock.lock()
        defer { lock.unlock() }
        isClosed = true
        socket.close()
    }
}
