import Foundation
import XCTest
import CellEngine

/// Collects a cell's output the way a frontend would see it, in order.
final class RecordingOutput: CellOutputHandler {
    enum Event: Equatable {
        case stream(CellStream, String)
        case display(String)    // the text/plain or the first MIME type's value
        case update(String)
        case clear
        case input(String)
    }

    var events: [Event] = []
    var inputs: [String?] = []
    /// Called with each piece of printed text as it arrives (e.g. to interrupt a running cell).
    var onText: ((String) -> Void)?

    var stdout: String { events.compactMap { if case .stream(.stdout, let t) = $0 { return t } else { return nil } }.joined() }
    var stderr: String { events.compactMap { if case .stream(.stderr, let t) = $0 { return t } else { return nil } }.joined() }
    var displays: [String] { events.compactMap { if case .display(let t) = $0 { return t } else { return nil } } }

    /// Consecutive stream chunks merged, so tests can assert order without caring how text was split.
    var merged: [Event] {
        var result: [Event] = []
        for event in events {
            if case .stream(let name, let text) = event, case .stream(let lastName, let lastText)? = result.last, lastName == name {
                result[result.count - 1] = .stream(name, lastText + text)
            } else {
                result.append(event)
            }
        }
        return result
    }

    func cellStream(_ name: CellStream, _ text: String) {
        events.append(.stream(name, text))
        onText?(text)
    }
    func cellDisplay(_ message: [String: Any]) {
        let data = message["data"] as? [String: String] ?? [:]
        let text = data["text/plain"] ?? data.values.first ?? ""
        events.append((message["update"] as? Bool ?? false) ? .update(text) : .display(text))
    }
    func cellClearOutput(wait: Bool) { events.append(.clear) }
    func cellReadInput(prompt: String, password: Bool) -> String? {
        events.append(.input(prompt))
        return inputs.isEmpty ? nil : inputs.removeFirst()
    }
}

/// A test case with a fresh engine (and worker) for each test.
class EngineTestCase: XCTestCase {
    var engine: CellEngine!

    override func setUpWithError() throws { engine = try EngineFixture.makeEngine() }
    override func tearDown() { engine?.shutdown() }
}

/// An engine over the products built beside this test bundle.
enum EngineFixture {
    static func makeEngine() throws -> CellEngine {
        var products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // `swift test` runs `<products>/SwiftNBPackageTests.xctest`.
        if !FileManager.default.fileExists(atPath: products.appendingPathComponent("swiftnb-worker").path) {
            products = products.deletingLastPathComponent()
        }
        return try CellEngine(configuration: .builtProducts(in: products))
    }
}

extension CellEngine {
    /// Runs a cell that prints "running" once it runs, and interrupts it `after` seconds later:
    /// interrupting on a timer alone could hit the cell while it is still being compiled.
    func runInterrupted(_ code: String, after delay: Double = 0.5) -> (CellOutcome, RecordingOutput) {
        let output = RecordingOutput()
        var sent = false
        output.onText = { text in
            guard !sent, text.contains("running") else { return }
            sent = true
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { self.interrupt() }
        }
        let outcome = execute("print(\"running\")\n" + code, cellName: "In[1]", output: output)
        return (outcome, output)
    }

    /// Runs a cell and returns its outcome with what it printed.
    func run(_ code: String, inputs: [String?] = []) -> (CellOutcome, RecordingOutput) {
        let output = RecordingOutput()
        output.inputs = inputs
        let outcome = execute(code, cellName: "In[1]", output: output)
        return (outcome, output)
    }
}
