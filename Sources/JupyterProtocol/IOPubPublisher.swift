import CZeroMQ
import Foundation

/// Publishes on the iopub XPUB socket from any thread, in the order messages were handed in.
///
/// zmq sockets are single-threaded, so one thread owns the XPUB socket: it forwards messages that other
/// threads push through an inproc pipe, and answers each new subscription with `iopub_welcome` (JEP 65),
/// which tells a frontend its subscription is live and nothing more will be missed.
final class IOPubPublisher {
    private let xpub: ZMQSocket
    private let pipeOut: ZMQSocket   // owned by the publisher thread
    private let pipeIn: ZMQSocket    // shared by all callers, guarded by `lock`
    private let lock = NSLock()
    private var isClosed = false
    private let signer: MessageSigner
    private let session: String
    private let finished = DispatchSemaphore(value: 0)

    /// Sent down the pipe to stop the thread after everything queued before it has been published.
    private static let stopFrame = Data("stop".utf8)

    init(context: ZMQContext, endpoint: String, signer: MessageSigner, session: String) throws {
        self.signer = signer
        self.session = session
        xpub = try context.makeSocket(.xpub)
        // Pass every subscription through, not only the first per topic, so each new frontend is welcomed.
        try xpub.setOption(ZMQ_XPUB_VERBOSE, 1)
        try xpub.setOption(ZMQ_LINGER, 1000)
        try xpub.bind(endpoint)

        let pipe = "inproc://iopub-\(UUID().uuidString)"
        pipeOut = try context.makeSocket(.pull)
        pipeIn = try context.makeSocket(.push)
        for socket in [pipeOut, pipeIn] {
            try socket.setOption(ZMQ_SNDHWM, 0)   // never block a publisher, never drop output
            try socket.setOption(ZMQ_RCVHWM, 0)
            try socket.setOption(ZMQ_LINGER, 0)
        }
        try pipeOut.bind(pipe)
        try pipeIn.connect(pipe)
    }

    func boundEndpoint() throws -> String { try xpub.lastEndpoint() }

    func start() {
        let thread = Thread { [self] in
            forwardUntilStopped()
            finished.signal()
        }
        thread.name = "jupyter-iopub"
        thread.start()
    }

    /// Publishes `msgType` with `parent` as parent header. Safe from any thread; dropped after `stop()`.
    func publish(_ msgType: String, content: [String: Any], parent: JupyterMessage?) {
        var message = JupyterMessage(header: .new(msgType: msgType, session: session),
                                     parentHeader: parent?.header.json ?? [:], content: content)
        message.identities = [Data("kernel.\(session).\(msgType)".utf8)]
        do {
            let frames = try message.frames(signer: signer)
            lock.lock()
            defer { lock.unlock() }
            guard !isClosed else { return }
            try pipeIn.send(frames)
        } catch {
            KernelLog.warning("could not publish \(msgType) on iopub: \(error)")
        }
    }

    /// Publishes everything already handed in, then closes. Waits at most `timeout` for the thread.
    func stop(timeout: DispatchTime = .now() + 5) {
        lock.lock()
        if !isClosed {
            isClosed = true
            try? pipeIn.send([Self.stopFrame])
            pipeIn.close()
        }
        lock.unlock()
        _ = finished.wait(timeout: timeout)
    }

    private func forwardUntilStopped() {
        defer {
            pipeOut.close()
            xpub.close()
        }
        do {
            while true {
                let ready = try ZMQSocket.poll([pipeOut, xpub], timeoutMs: -1)
                if ready[1] { welcome(subscription: try xpub.receiveNow()) }
                if ready[0] {
                    let frames = try pipeOut.receiveNow()
                    if frames == [Self.stopFrame] { return }
                    try xpub.send(frames)
                }
            }
        } catch {
            KernelLog.warning("iopub stopped: \(error)")
        }
    }

    /// XPUB hands us subscription frames: byte 1 + topic to subscribe, byte 0 + topic to unsubscribe.
    private func welcome(subscription frames: [Data]) {
        guard let frame = frames.first, frame.first == 1 else { return }
        let topic = frame.dropFirst()
        var message = JupyterMessage(header: .new(msgType: "iopub_welcome", session: session),
                                     content: ["subscription": String(decoding: topic, as: UTF8.self)])
        // The welcome travels under the subscribed topic itself so that the new subscriber receives it.
        message.identities = topic.isEmpty ? [] : [Data(topic)]
        do {
            try xpub.send(try message.frames(signer: signer))
        } catch {
            KernelLog.warning("could not send iopub_welcome: \(error)")
        }
    }
}
