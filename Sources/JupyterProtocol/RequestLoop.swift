import CZeroMQ
import Foundation

/// Receives requests on one ROUTER socket (shell or control) on its own thread and handles them one at a time.
/// Anything that is not a valid, correctly signed message is logged and dropped.
final class RequestLoop: RequestSource {
    let channel: KernelChannel
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let dispatcher: RequestDispatcher
    private let shutdown: ShutdownFlag
    private let finished = DispatchSemaphore(value: 0)

    /// How long a loop waits before looking at the shutdown flag again.
    private static let stopCheckMs = 100

    init(channel: KernelChannel, context: ZMQContext, endpoint: String, signer: MessageSigner,
         dispatcher: RequestDispatcher, shutdown: ShutdownFlag) throws {
        self.channel = channel
        self.signer = signer
        self.dispatcher = dispatcher
        self.shutdown = shutdown
        socket = try context.makeSocket(.router)
        try socket.setOption(ZMQ_LINGER, 1000)
        try socket.bind(endpoint)
    }

    func boundEndpoint() throws -> String { try socket.lastEndpoint() }

    /// Starts the thread, with a generous stack: the handler's calls run on it.
    func start(stackSize: Int = 16 << 20) {
        let thread = Thread { [self] in
            receiveUntilStopped()
            socket.close()
            finished.signal()
        }
        thread.name = "jupyter-\(channel.rawValue)"
        thread.stackSize = stackSize
        thread.start()
    }

    /// False if the thread is still busy (a handler call that never returned) when `timeout` passes.
    func waitUntilFinished(timeout: DispatchTime) -> Bool {
        finished.wait(timeout: timeout) == .success
    }

    private func receiveUntilStopped() {
        while !shutdown.isRaised {
            do {
                guard let frames = try socket.receive(timeoutMs: Self.stopCheckMs) else { continue }
                guard let request = decode(frames) else { continue }
                handle(request)
            } catch {
                KernelLog.warning("\(channel.rawValue) stopped: \(error)")
                return
            }
        }
    }

    private func decode(_ frames: [Data]) -> JupyterMessage? {
        do {
            return try JupyterMessage(frames: frames, signer: signer)
        } catch {
            KernelLog.warning("dropped message on \(channel.rawValue): \(error)")
            return nil
        }
    }

    private func handle(_ request: JupyterMessage) {
        switch dispatcher.handle(request, from: self) {
        case .none: break
        case .shutdown: shutdown.raise()
        case .abortExecutes(let waiting): abortExecutes(in: waiting)
        }
    }

    /// Like ipykernel: after a failed execute with stop_on_error, the executes that were already waiting
    /// (the rest of a notebook's "run all") are answered "aborted" without running. Other requests are served.
    private func abortExecutes(in waiting: [JupyterMessage]) {
        for request in waiting {
            if request.msgType == "execute_request" {
                dispatcher.abort(request, from: self)
            } else {
                handle(request)
            }
        }
    }

    func takeWaitingRequests() -> [JupyterMessage] {
        var waiting: [JupyterMessage] = []
        while let frames = try? socket.receive(timeoutMs: 0) {
            if let request = decode(frames) { waiting.append(request) }
        }
        return waiting
    }

    func send(_ message: JupyterMessage) {
        do {
            try socket.send(try message.frames(signer: signer))
        } catch {
            KernelLog.warning("could not send \(message.msgType) on \(channel.rawValue): \(error)")
        }
    }
}
