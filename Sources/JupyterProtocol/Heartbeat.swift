import CZeroMQ
import Foundation

/// Echoes every ping on the heartbeat REP socket, on its own thread, so a busy shell never looks dead.
final class Heartbeat {
    private let socket: ZMQSocket
    private let shutdown: ShutdownFlag
    private let finished = DispatchSemaphore(value: 0)
    private static let stopCheckMs = 100

    init(context: ZMQContext, endpoint: String, shutdown: ShutdownFlag) throws {
        self.shutdown = shutdown
        socket = try context.makeSocket(.rep)
        try socket.setOption(ZMQ_LINGER, 0)
        try socket.bind(endpoint)
    }

    func boundEndpoint() throws -> String { try socket.lastEndpoint() }

    func start() {
        let thread = Thread { [self] in
            echoUntilStopped()
            socket.close()
            finished.signal()
        }
        thread.name = "jupyter-heartbeat"
        thread.start()
    }

    func waitUntilFinished(timeout: DispatchTime) -> Bool {
        finished.wait(timeout: timeout) == .success
    }

    private func echoUntilStopped() {
        do {
            while !shutdown.isRaised {
                guard let ping = try socket.receive(timeoutMs: Self.stopCheckMs) else { continue }
                try socket.send(ping)
            }
        } catch {
            KernelLog.warning("heartbeat stopped: \(error)")
        }
    }
}
