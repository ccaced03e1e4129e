import Foundation

/// Diagnostics for whoever started the kernel; stdout/stderr of the kernel process go to its terminal or log,
/// never to a notebook.
enum KernelLog {
    private static let lock = NSLock()

    static func warning(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("[SwiftNB protocol] \(text)\n".utf8))
    }
}
