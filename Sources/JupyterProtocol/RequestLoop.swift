import CZeroMQ
import Foundation

/// Receives requests on one ROUTER socket (shell or control) on its own thread and handles them one at a time.
/// Anything that is not a valid, correctly signed message is logged and dropped.
final class RequestLoop {
    private let channel: KernelChannel
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let dispatcher: RequestDispatcher
    private let shutdown: ShutdownFlag
    private let finished = DispatchSemaphore(value: 0)

    /// How long a loop waits before looking at the shutdown flag again.
    private static let stopCheckMs = 100
    /// After an error with stop_on_error, requests arriving within this window count as already queued
    /// (they were sent before the frontend could have seen the error; e.g. the rest of a "run all").
    private static let abortWindowMs = 20

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

    /// Starts the thread. Shell runs the handler's executes, so it gets a generous stack.
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
        switch dispatcher.handle(request, on: channel, reply: send) {
        case .none: break
        case .shutdown: shutdown.raise()
        case .abortQueuedExecutes: abortQueuedExecutes()
        }
    }

    /// Like ipykernel: after a failed execute with stop_on_error, executes that were already waiting are answered
    /// "aborted" without running, so a notebook's "run all" stops at the first error. Other requests are served.
    /// The window is fixed, not extended per message, so requests sent after the error reply still run.
    private func abortQueuedExecutes() {
        let deadline = DispatchTime.now() + .milliseconds(Self.abortWindowMs)
        while !shutdown.isRaised {
            let now = DispatchTime.now()
            guard now < deadline else { return }
            let remainingMs = Int((deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1_000_000)
            guard let frames = try? socket.receive(timeoutMs: remainingMs) else { return }
            guard let request = decode(frames) else { continue }
            if request.msgType == "execute_request" {
                dispatcher.abort(request, reply: send)
            } else {
                handle(request)
            }
        }
    }

    private func send(_ message: JupyterMessage) {
        do {
            try socket.send(try message.frames(signer: signer))
        } catch {
            KernelLog.warning("could not send \(message.msgType) on \(channel.rawValue): \(error)")
        }
    }
}
