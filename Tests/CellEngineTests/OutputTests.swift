import XCTest
import CellEngine

final class OutputTests: EngineTestCase {
    func testPrintDisplayPrintKeepsOrder() throws {
        let (outcome, output) = engine.run("print(\"A\"); display(42); print(\"B\")")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.merged, [.stream(.stdout, "A\n"), .display("42"), .stream(.stdout, "B\n")])
    }

    func testTextWithoutNewlineAndStderrArrive() throws {
        let (_, output) = engine.run("""
            import Foundation
            print("no newline", terminator: "")
            FileHandle.standardError.write("to stderr\\n".data(using: .utf8)!)
            """)
        XCTAssertEqual(output.stdout, "no newline")
        XCTAssertEqual(output.stderr, "to stderr\n")
    }

    func testOutputArrivesWhileTheCellRuns() throws {
        final class Timed: CellOutputHandler {
            var firstTextAt: Date?
            func cellStream(_ name: CellStream, _ text: String) { if firstTextAt == nil { firstTextAt = Date() } }
            func cellDisplay(_ message: [String: Any]) {}
            func cellClearOutput(wait: Bool) {}
            func cellReadInput(prompt: String, password: Bool) -> String? { nil }
        }
        let output = Timed()
        _ = engine.execute("import Foundation\nprint(\"early\", terminator: \"\")\nThread.sleep(forTimeInterval: 1.5)", cellName: "In[1]", output: output)
        let finished = Date()
        XCTAssertGreaterThan(finished.timeIntervalSince(try XCTUnwrap(output.firstTextAt)), 1.0)
    }

    func testReadLineAsksTheFrontend() throws {
        let (outcome, output) = engine.run("let name = readLine(prompt: \"Name? \")\nprint(\"hello\", name ?? \"nobody\")", inputs: ["Ada"])
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.merged, [.input("Name? "), .stream(.stdout, "hello Ada\n")])
        XCTAssertEqual(engine.run("print(readLine() == nil)").1.stdout, "true\n")
    }

    func testLargeOutputIsNotLost() throws {
        let (_, output) = engine.run("for i in 0..<20000 { print(i) }")
        let lines = output.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 20000)
        XCTAssertEqual(lines.last, "19999")
    }

    func testInterruptStopsABusyLoopAndKeepsState() throws {
        XCTAssertEqual(engine.run("var survivor = 5").0, .success)
        let started = Date()
        let error = try XCTUnwrap(engine.runInterrupted("var spin = 0\nwhile true { spin &+= 1 }").0.error)
        XCTAssertEqual(error.kind, .interrupted)
        XCTAssertFalse(error.stateLost)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertEqual(engine.run("print(survivor)").1.stdout, "5\n")
    }

    func testInterruptIsSeenByCooperativeLoops() throws {
        let (outcome, output) = engine.runInterrupted("""
            import Foundation
            var steps = 0
            while !isInterruptRequested { steps += 1; Thread.sleep(forTimeInterval: 0.01) }
            print("stopped cleanly")
            """)
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "running\nstopped cleanly\n")
    }

    func testACellThatBlocksEveryStopIsEndedByRestartingTheWorker() throws {
        XCTAssertEqual(engine.run("var doomed = 1").0, .success)
        let error = try XCTUnwrap(engine.runInterrupted("""
            var blocked = sigset_t()
            sigfillset(&blocked)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            while true {}
            """).0.error)
        XCTAssertEqual(error.kind, .interrupted)
        XCTAssertTrue(error.stateLost)
        XCTAssertTrue(error.value.contains("variables from earlier cells are lost"), error.value)
        XCTAssertEqual(engine.run("print(\"fresh worker\")").1.stdout, "fresh worker\n")
        XCTAssertEqual(try XCTUnwrap(engine.run("print(doomed)").0.error).kind, .compile)
    }
}
