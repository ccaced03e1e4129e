import Foundation
import CellEngine

/// Forwards what cells write to stdout and stderr (file descriptors 1 and 2, redirected into
/// pipes) to the engine as stream events while the cell runs, coalescing bursts briefly.
/// Whoever holds `lock` drains the pipes first, so a display sent by the cell never overtakes
/// text printed before it.
final class OutputPump {
    private struct Source {
        let name: CellStream
        let readFD: Int32
    }

    private let channel: WorkerChannel
    private let sources: [Source]
    private let lock = NSLock()
    /// Partial UTF-8 sequences left over from the last read, per stream.
    private var leftovers: [CellStream: [UInt8]] = [:]
    /// stderr lines holding the runtime's "Fatal error: …" message, held back for the error output.
    private(set) var heldFatalMessage: String?

    init(channel: WorkerChannel) throws {
        self.channel = channel
        var sources: [Source] = []
        for (name, target) in [(CellStream.stdout, Int32(1)), (.stderr, Int32(2))] {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw CellEngineError.workerFailure("pipe: errno \(errno)") }
            dup2(fds[1], target)
            close(fds[1])
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            sources.append(Source(name: name, readFD: fds[0]))
        }
        self.sources = sources
        // Whole lines reach the pipe at once; text printed with terminator: "" is flushed by the
        // pump within a few milliseconds (`flushStdout`), so it shows while the cell runs.
        setvbuf(stdout, nil, _IOLBF, 1 << 16)
        setvbuf(stderr, nil, _IONBF, 0)
    }

    func start() {
        let thread = Thread { [self] in pumpForever() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Sends `message` after everything printed before it.
    func sendInOrder(_ message: [String: Any]) {
        lock.lock()
        defer { lock.unlock() }
        drainLocked()
        try? channel.send(message)
    }

    /// Forwards everything written so far; used when a cell ends.
    func drain() {
        flushStdout()
        lock.lock()
        defer { lock.unlock() }
        drainLocked()
    }

    /// Takes (and clears) the held-back fatal message; if the cell did not trap, call
    /// `releaseHeldMessage` instead so the text still reaches the user.
    func takeFatalMessage() -> String? {
        lock.lock()
        defer { lock.unlock() }
        let message = heldFatalMessage
        heldFatalMessage = nil
        return message
    }

    func releaseHeldMessage() {
        if let message = takeFatalMessage() { try? channel.send(["type": "stream", "name": "stderr", "text": message]) }
    }

    private func pumpForever() {
        var descriptors = sources.map { pollfd(fd: $0.readFD, events: Int16(POLLIN), revents: 0) }
        while true {
            flushStdout()
            guard poll(&descriptors, nfds_t(descriptors.count), 20) > 0 else { continue }
            // Let a burst of small writes gather into one message.
            usleep(10_000)
            drain()
        }
    }

    /// Flushes text still in stdout's buffer, unless a thread holds stdout's lock (it may be a
    /// cell thread parked after a trap, which will never release it).
    func flushStdout() {
        guard ftrylockfile(stdout) == 0 else { return }
        fflush_unlocked(stdout)
        funlockfile(stdout)
    }

    private func drainLocked() {
        for source in sources {
            var bytes = leftovers[source.name] ?? []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(source.readFD, &buffer, buffer.count)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            let complete = Self.completeUTF8Prefix(bytes)
            leftovers[source.name] = Array(bytes[complete...])
            guard complete > 0 else { continue }
            var text = String(decoding: bytes[0..<complete], as: UTF8.self)
            if source.name == .stderr { text = holdBackFatalLines(text) }
            if !text.isEmpty { try? channel.send(["type": "stream", "name": source.name.rawValue, "text": text]) }
        }
    }

    /// From the runtime's "Fatal error: …" line on, stderr is held back until the cell ends: on a
    /// trap the message becomes the error output (and the runtime's stack of addresses is dropped).
    private func holdBackFatalLines(_ text: String) -> String {
        if heldFatalMessage != nil {
            heldFatalMessage! += text
            return ""
        }
        guard let marker = Worker.runtimeFailureMarkers.lazy.compactMap({ text.range(of: $0) }).first else { return text }
        let lineStart = text[..<marker.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        heldFatalMessage = String(text[lineStart...])
        return String(text[..<lineStart])
    }

    /// The length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, continuation < 3, bytes[index - 1] & 0xC0 == 0x80 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0
        return needed > continuation ? index - 1 : bytes.count
    }
}
