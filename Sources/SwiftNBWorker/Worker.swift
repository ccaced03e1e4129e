import Foundation
import CellEngine
import CWorkerSupport

/// The worker: loads the preloaded library, then cell libraries one by one, and runs each
/// cell's entry point on a fresh thread. Commands arrive on fd 3, events leave on fd 4.
final class Worker {
    static var shared: Worker!

    let channel = WorkerChannel(readFD: 3, writeFD: 4)
    let pump: OutputPump
    /// Cell threads get large stacks: notebook code recurses and allocates freely.
    let cellStackSize = 64 << 20
    /// Seconds an interrupted cell gets to stop by itself before its thread is stopped.
    let cooperativeGrace = 1.5

    init() throws {
        pump = try OutputPump(channel: channel)
    }

    func run(preload libraries: [String]) {
        pump.start()
        swiftnb_install_signal_handlers()
        for library in libraries where dlopen(library, RTLD_NOW | RTLD_GLOBAL) == nil {
            try? channel.send(["type": "ready", "error": "cannot load \(library): \(String(cString: dlerror()))"])
            exit(1)
        }
        startInterruptWatcher()
        // A cell that calls exit() ends the worker: what it printed still reaches the user.
        atexit { Worker.shared?.pump.drain() }
        try? channel.send(["type": "ready"])
        startCommandReader()
        while true {
            runRequests.wait()
            guard let (library, entry) = mailbox.takeRun() else { continue }
            try? channel.send(runCell(library: library, entry: entry))
        }
    }

    // MARK: - Commands

    /// Commands are read on their own thread, in order, so an interrupt or an input reply is seen
    /// while a cell runs, and an interrupt sent right after "run" always reaches that cell.
    private let mailbox = Mailbox()
    private let runRequests = DispatchSemaphore(value: 0)
    private let inputReplies = DispatchSemaphore(value: 0)

    private func startCommandReader() {
        let thread = Thread { [self] in
            while let command = try? channel.receive() {
                switch command["type"] as? String {
                case "run":
                    guard let library = command["library"] as? String, let entry = command["entry"] as? String else { continue }
                    swiftnb_clear_interrupt_flag()
                    mailbox.putRun((library, entry))
                    runRequests.signal()
                case "interrupt":
                    swiftnb_set_interrupt_flag()
                case "input_reply":
                    mailbox.putInput(command["value"] as? String)
                    inputReplies.signal()
                default:
                    break
                }
            }
            // The engine is gone (shut down, or killed): stop at once, even mid-cell.
            _exit(0)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func runCell(library: String, entry: String) -> [String: Any] {
        guard dlopen(library, RTLD_NOW | RTLD_GLOBAL) != nil else {
            return ["type": "done", "status": "load_error", "message": String(cString: dlerror())]
        }
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), entry) else {
            return ["type": "done", "status": "load_error", "message": "no entry point \(entry)"]
        }
        failure = nil
        bindingsReady = 0
        var result: UnsafeMutablePointer<CChar>?
        let status = swiftnb_run_cell(unsafeBitCast(symbol, to: swiftnb_cell_entry.self), &result, cellStackSize)
        pump.drain()
        var event = doneEvent(status, result: result)
        event["bindings_ready"] = bindingsReady
        return event
    }

    private func doneEvent(_ status: swiftnb_cell_status, result: UnsafeMutablePointer<CChar>?) -> [String: Any] {
        switch status {
        case SWIFTNB_CELL_TRAPPED:
            let signal = swiftnb_last_signal()
            let message = pump.takeFatalMessage().map(Self.fatalCause) ?? ""
            return ["type": "done", "status": "trap", "message": message, "signal_name": String(cString: strsignal(signal))]
        case SWIFTNB_CELL_INTERRUPTED:
            pump.releaseHeldMessage()
            return ["type": "done", "status": "interrupted"]
        case SWIFTNB_CELL_FAILED:
            pump.releaseHeldMessage()
            return ["type": "done", "status": "thrown", "ename": failure?.name ?? "Error", "evalue": failure?.value ?? ""]
        default:
            pump.releaseHeldMessage()
            guard let result else { return ["type": "done", "status": "ok"] }
            defer { free(result) }
            let parts = String(cString: result).split(separator: "\u{1F}", maxSplits: 1).map(String.init)
            if parts.first == "Interrupted" || parts.first?.hasSuffix(".Interrupted") == true {
                return ["type": "done", "status": "interrupted"]
            }
            return ["type": "done", "status": "thrown", "ename": parts.first ?? "Error", "evalue": parts.count > 1 ? parts[1] : ""]
        }
    }

    /// How the Swift runtime words the message it prints before a trap.
    static let runtimeFailureMarkers = ["Fatal error: ", "Precondition failed: ", "Assertion failed: ", "Precondition failed", "Assertion failed"]

    /// "Swift/Array.swift:42: Fatal error: Index out of range" → "Index out of range (at Swift/Array.swift:42)".
    static func fatalCause(_ text: String) -> String {
        let lines = text.split(separator: "\n").map(String.init).filter { line in runtimeFailureMarkers.contains { line.contains($0) } }
        return lines.map { line in
            guard let marker = runtimeFailureMarkers.lazy.compactMap({ line.range(of: $0) }).first else { return line }
            var location = line[..<marker.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            // The runtime names a cell's file "Cell7/In[3]"; the module is an implementation detail.
            if location.hasPrefix("Cell"), let slash = location.firstIndex(of: "/") { location = String(location[location.index(after: slash)...]) }
            let kind = line[marker].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            let detail = String(line[marker.upperBound...])
            let cause = kind == "Fatal error" ? detail : (detail.isEmpty ? kind : "\(kind): \(detail)")
            return location.isEmpty ? cause : "\(cause) (at \(location))"
        }.joined(separator: "\n")
    }

    // MARK: - Interrupts

    /// SIGINT only sets a flag (library loops check it). If the cell has not stopped after a
    /// grace period, its thread is stopped where it is.
    private func startInterruptWatcher() {
        let thread = Thread { [self] in
            var flaggedAt: Date?
            while true {
                usleep(50_000)
                guard swiftnb_cell_is_running() != 0, swiftnb_interrupt_flag() != 0 else { flaggedAt = nil; continue }
                let since = flaggedAt ?? Date()
                flaggedAt = since
                if Date().timeIntervalSince(since) > cooperativeGrace { swiftnb_stop_cell_thread() }
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    // MARK: - Host hooks (called by the preloaded library through dlsym)

    var failure: (name: String, value: String)?
    /// How many of the running cell's global bindings are initialised.
    var bindingsReady = 0

    func readLine(prompt: String, password: Bool) -> String? {
        pump.sendInOrder(["type": "input_request", "prompt": prompt, "password": password])
        inputReplies.wait()
        return mailbox.takeInput()
    }
}

/// What the command reader hands to the threads that wait for it.
private final class Mailbox {
    private let lock = NSLock()
    private var runs: [(String, String)] = []
    private var inputs: [String?] = []

    func putRun(_ run: (String, String)) { lock.withLock { runs.append(run) } }
    func putInput(_ value: String?) { lock.withLock { inputs.append(value) } }

    /// The next cell to run, if one was sent.
    func takeRun() -> (String, String)? {
        lock.withLock { runs.isEmpty ? nil : runs.removeFirst() }
    }

    func takeInput() -> String? {
        lock.withLock { inputs.isEmpty ? nil : inputs.removeFirst() }
    }
}
