import Foundation

/// Raised once, by a shutdown_request or `KernelServer.stop()`; every server thread watches it.
final class ShutdownFlag {
    private let lock = NSLock()
    private var raised = false
    private let raisedSignal = DispatchSemaphore(value: 0)

    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    func raise() {
        lock.lock()
        let first = !raised
        raised = true
        lock.unlock()
        if first { raisedSignal.signal() }
    }

    func waitUntilRaised() {
        raisedSignal.wait()
    }
}
