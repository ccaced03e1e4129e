import CZeroMQ
import Foundation

/// Serves one KernelHandler over the five Jupyter sockets described by a connection file.
///
/// Shell requests run one at a time on the shell thread; control has its own thread so interrupt,
/// shutdown and kernel_info are answered while an execute runs; heartbeat and iopub have their own too.
public final class KernelServer {
    /// The connection actually bound: ports given as 0 are replaced by the ones zmq chose.
    public let connection: ConnectionInfo
    /// This kernel's session id, sent in the header of every message it originates.
    public let session: String

    private let context: ZMQContext
    private let publisher: IOPubPublisher
    private let stdin: StdinChannel
    private let dispatcher: RequestDispatcher
    private let shell: RequestLoop
    private let control: RequestLoop
    private let heartbeat: Heartbeat
    private let shutdown = ShutdownFlag()
    private let handlesSIGINT: Bool
    private var signalSource: DispatchSourceSignal?

    /// How long shutdown waits for a thread still inside a handler call before leaving it behind.
    private static let threadJoinTimeout: TimeInterval = 2

    /// Binds all sockets now, so a port clash surfaces here rather than in `run()`.
    /// - Parameter handlesSIGINT: route SIGINT to `handler.interrupt()` (interrupt_mode "signal").
    public init(connection: ConnectionInfo, handler: KernelHandler, handlesSIGINT: Bool = true) throws {
        let signer = try MessageSigner(key: connection.key, scheme: connection.signatureScheme)
        session = UUID().uuidString.lowercased()
        self.handlesSIGINT = handlesSIGINT
        context = try ZMQContext()
        publisher = try IOPubPublisher(context: context, endpoint: connection.endpoint(connection.iopubPort),
                                       signer: signer, session: session)
        stdin = try StdinChannel(context: context, endpoint: connection.endpoint(connection.stdinPort),
                                 signer: signer, session: session)
        dispatcher = RequestDispatcher(handler: handler, publisher: publisher, stdin: stdin, session: session)
        shell = try RequestLoop(channel: .shell, context: context, endpoint: connection.endpoint(connection.shellPort),
                                signer: signer, dispatcher: dispatcher, shutdown: shutdown)
        control = try RequestLoop(channel: .control, context: context,
                                  endpoint: connection.endpoint(connection.controlPort),
                                  signer: signer, dispatcher: dispatcher, shutdown: shutdown)
        heartbeat = try Heartbeat(context: context, endpoint: connection.endpoint(connection.hbPort), shutdown: shutdown)

        var bound = connection
        bound.shellPort = Self.port(of: try shell.boundEndpoint(), default: connection.shellPort)
        bound.controlPort = Self.port(of: try control.boundEndpoint(), default: connection.controlPort)
        bound.stdinPort = Self.port(of: try stdin.boundEndpoint(), default: connection.stdinPort)
        bound.iopubPort = Self.port(of: try publisher.boundEndpoint(), default: connection.iopubPort)
        bound.hbPort = Self.port(of: try heartbeat.boundEndpoint(), default: connection.hbPort)
        self.connection = bound
    }

    /// Serves requests until a shutdown_request arrives or `stop()` is called. Call it once; the server
    /// cannot be restarted (a restart is a new process, as Jupyter does it). SIGINT stays ignored afterwards.
    public func run() {
        installInterruptSignal()
        publisher.start()
        heartbeat.start()
        control.start()
        shell.start()
        shutdown.waitUntilRaised()
        finishThreads()
    }

    /// Asks `run()` to return once the requests in progress are answered. Safe from any thread.
    public func stop() {
        stdin.cancelPendingInput()
        shutdown.raise()
    }

    /// Lets every thread finish its current request, flushes iopub, then closes sockets and the context.
    /// A thread stuck in a handler call is left behind with its socket, and the context is then not terminated
    /// (that would wait for it forever); the process is about to exit anyway.
    private func finishThreads() {
        signalSource?.cancel()
        let deadline = DispatchTime.now() + Self.threadJoinTimeout
        let loopsFinished = [control.waitUntilFinished(timeout: deadline), shell.waitUntilFinished(timeout: deadline),
                             heartbeat.waitUntilFinished(timeout: deadline)]
        publisher.stop()
        stdin.close()
        if loopsFinished.allSatisfy({ $0 }) {
            context.terminate()
        } else {
            KernelLog.warning("a handler call did not return during shutdown; leaving its thread behind")
        }
    }

    /// SIGINT is how Jupyter interrupts kernels whose interrupt_mode is "signal". Its default action (exit)
    /// is ignored; dispatch still reports it, and the handler stops the running cell.
    private func installInterruptSignal() {
        guard handlesSIGINT else { return }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "jupyter-sigint"))
        source.setEventHandler { [weak self] in self?.dispatcher.interrupt() }
        source.resume()
        signalSource = source
    }

    /// The port zmq bound, read back from an endpoint like "tcp://127.0.0.1:49152".
    private static func port(of endpoint: String, default port: Int) -> Int {
        guard let colon = endpoint.lastIndex(of: ":"), let bound = Int(endpoint[endpoint.index(after: colon)...]) else {
            return port
        }
        return bound
    }
}
