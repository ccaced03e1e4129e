import Foundation
import NotebookDisplay

/// A progress bar that updates in place: in a notebook one output that is replaced (a
/// display id), on a terminal one line redrawn with a carriage return. It shows the count,
/// percentage, rate and time left, and redraws at most every `minimumInterval` seconds so a
/// fast loop does not flood the frontend; reaching the total and `finish()` always draw.
///
/// ```swift
/// for batch in progress(batches, label: "epoch 1") { ... }
///
/// let bar = ProgressBar(total: 1000, label: "training")
/// for _ in 0..<1000 { step(); bar.advance() }
/// bar.finish()
/// ```
public final class ProgressBar {
    /// What an output receives: the first draw, later draws, the last one.
    public enum Event: Sendable {
        case start, update, finish
    }

    public let total: Int?
    public var label: String
    public private(set) var count = 0
    public private(set) var isFinished = false
    /// The notebook display id this bar updates.
    public let displayID: String
    public var minimumInterval: TimeInterval
    /// How many times the bar was drawn (start, updates and finish).
    public private(set) var drawCount = 0

    private let clock: () -> TimeInterval
    private let output: (ProgressBar, Event) -> Void
    private let startTime: TimeInterval
    private var lastDraw: TimeInterval
    private var finishTime: TimeInterval?

    /// - Parameters:
    ///   - total: the count at completion; nil when unknown (no percentage, no time left).
    ///   - clock: seconds on a monotonic clock; tests pass a fake one.
    ///   - output: where drawings go; by default the notebook, or stdout outside one.
    public init(total: Int?, label: String = "", minimumInterval: TimeInterval = 0.15,
                clock: (() -> TimeInterval)? = nil, output: ((ProgressBar, Event) -> Void)? = nil) {
        self.total = total.map { max(0, $0) }
        self.label = label
        self.minimumInterval = minimumInterval
        self.clock = clock ?? { ProcessInfo.processInfo.systemUptime }
        self.output = output ?? (isRunningInNotebook ? ProgressBar.notebookOutput : ProgressBar.terminalOutput)
        displayID = "progress-" + UUID().uuidString.lowercased()
        startTime = self.clock()
        lastDraw = startTime
        draw(.start)
    }

    /// Counts `steps` more items done; redraws if enough time has passed or the total is reached.
    public func advance(by steps: Int = 1) {
        update(to: count + steps)
    }

    /// Sets the count; redraws if enough time has passed or the total is reached.
    public func update(to newCount: Int) {
        guard !isFinished else { return }
        count = max(0, newCount)
        let now = clock()
        let reachedTotal = total.map { count >= $0 } ?? false
        if reachedTotal || now - lastDraw >= minimumInterval {
            lastDraw = now
            draw(.update)
        }
    }

    /// Draws the final state (always) and stops updating.
    public func finish() {
        guard !isFinished else { return }
        isFinished = true
        finishTime = clock()
        draw(.finish)
    }

    private func draw(_ event: Event) {
        drawCount += 1
        output(self, event)
    }

    // MARK: State

    /// Seconds since the bar was made (until `finish()`).
    public var elapsed: TimeInterval { (finishTime ?? clock()) - startTime }

    /// Items a second so far; nil before any time has passed.
    public var rate: Double? {
        let seconds = elapsed
        return seconds > 0 && count > 0 ? Double(count) / seconds : nil
    }

    /// Fraction done, 0…1; nil without a total.
    public var fraction: Double? {
        guard let total else { return nil }
        return total == 0 ? 1 : min(1, Double(count) / Double(total))
    }

    /// Seconds left at the current rate; nil when unknown.
    public var remaining: TimeInterval? {
        guard let total, let rate, rate > 0 else { return nil }
        return Double(max(0, total - count)) / rate
    }

    static func clockText(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        let (hours, minutes, secs) = (whole / 3600, (whole % 3600) / 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%02d:%02d", minutes, secs)
    }

    static func rateText(_ rate: Double?) -> String {
        guard let rate else { return "? it/s" }
        return rate >= 1 ? String(format: "%.1f it/s", rate) : String(format: "%.2f s/it", 1 / rate)
    }

    /// `42/100 [42%] 00:03<00:04, 12.3 it/s` — the numbers without the bar.
    public var statusText: String {
        var text = total.map { "\(count)/\($0)" } ?? "\(count) it"
        if let fraction { text += String(format: " [%.0f%%]", fraction * 100) }
        text += " " + Self.clockText(elapsed)
        if isFinished {
            text += ", " + Self.rateText(rate)
        } else {
            text += "<" + (remaining.map(Self.clockText) ?? "?") + ", " + Self.rateText(rate)
        }
        return text
    }

    /// The bar as one line of text, `width` characters of bar drawn with eighth blocks.
    public func text(width: Int = 30) -> String {
        var parts: [String] = []
        if !label.isEmpty { parts.append(label) }
        if let fraction {
            let eighths = Int((fraction * Double(width * 8)).rounded(.down))
            var bar = String(repeating: "█", count: eighths / 8)
            if eighths % 8 > 0 { bar.append(["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]) }
            bar += String(repeating: " ", count: max(0, width - bar.count))
            parts.append("|\(bar)|")
        }
        parts.append(statusText)
        return parts.joined(separator: " ")
    }

    // MARK: Outputs

    private static func notebookOutput(_ bar: ProgressBar, _ event: Event) {
        if event == .start {
            display(bar, id: bar.displayID)
        } else {
            updateDisplay(bar, id: bar.displayID)
        }
    }

    private static func terminalOutput(_ bar: ProgressBar, _ event: Event) {
        print("\r" + bar.text(), terminator: event == .finish ? "\n" : "")
        fflush(stdout)
    }
}

extension ProgressBar: DisplayRepresentable, CustomStringConvertible {
    public var description: String { text() }

    public var mimeBundle: MIMEBundle {
        let escapedLabel = Table.escapeHTML(label)
        let meter: String
        if let total {
            meter = "<progress value=\"\(min(count, total))\" max=\"\(max(1, total))\" style=\"width: 40ch; vertical-align: middle\"></progress>"
        } else {
            meter = ""
        }
        let html = "<div style=\"font-family: monospace; white-space: pre\">"
            + (label.isEmpty ? "" : "\(escapedLabel) ") + meter + " " + Table.escapeHTML(statusText) + "</div>"
        return MIMEBundle(["text/html": html, "text/plain": text()])
    }
}

/// Iterates `sequence` with a progress bar. The total is the collection's count (or
/// `total`); the bar finishes when the loop ends, also on `break` or a thrown error.
///
/// ```swift
/// for image in progress(images, label: "resizing") { ... }
/// ```
public func progress<S: Sequence>(_ sequence: S, label: String = "", total: Int? = nil,
                                  minimumInterval: TimeInterval = 0.15) -> ProgressSequence<S> {
    ProgressSequence(base: sequence, label: label, total: total, minimumInterval: minimumInterval)
}

/// A sequence that advances a progress bar as it is iterated; see `progress(_:label:total:)`.
public struct ProgressSequence<Base: Sequence>: Sequence {
    let base: Base
    let label: String
    let total: Int?
    let minimumInterval: TimeInterval
    var clock: (() -> TimeInterval)?
    var output: ((ProgressBar, ProgressBar.Event) -> Void)?

    init(base: Base, label: String, total: Int?, minimumInterval: TimeInterval,
         clock: (() -> TimeInterval)? = nil, output: ((ProgressBar, ProgressBar.Event) -> Void)? = nil) {
        self.base = base
        self.label = label
        self.total = total
        self.minimumInterval = minimumInterval
        self.clock = clock
        self.output = output
    }

    public func makeIterator() -> Iterator {
        let count = total ?? (base as? any Collection)?.count ?? (base.underestimatedCount > 0 ? base.underestimatedCount : nil)
        let bar = ProgressBar(total: count, label: label, minimumInterval: minimumInterval, clock: clock, output: output)
        return Iterator(base: base.makeIterator(), state: IteratorState(bar: bar))
    }

    /// Finishes the bar when the loop lets go of the iterator, however it ended.
    final class IteratorState {
        let bar: ProgressBar
        var yielded = false
        init(bar: ProgressBar) { self.bar = bar }
        deinit { bar.finish() }
    }

    public struct Iterator: IteratorProtocol {
        var base: Base.Iterator
        let state: IteratorState

        public var bar: ProgressBar { state.bar }

        public mutating func next() -> Base.Element? {
            // The previous element's loop body is done.
            if state.yielded { state.bar.advance() }
            guard let element = base.next() else {
                state.bar.finish()
                return nil
            }
            state.yielded = true
            return element
        }
    }
}
