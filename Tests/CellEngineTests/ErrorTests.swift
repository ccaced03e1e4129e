import XCTest
import CellEngine

final class ErrorTests: EngineTestCase {
    func testCompileErrorPointsAtTheUsersLineAndColumn() throws {
        let (outcome, _) = engine.run("let a = 1\nlet b: Int = \"no\"")
        let error = try XCTUnwrap(outcome.error)
        XCTAssertEqual(error.kind, .compile)
        XCTAssertTrue(error.traceback[0].hasPrefix("In[1]:2:14: error:"), error.traceback[0])
        XCTAssertEqual(error.traceback[1], "    let b: Int = \"no\"")
        XCTAssertEqual(error.traceback[2], "                 ^")
    }

    func testCompileErrorInAShownFinalExpressionKeepsItsColumn() throws {
        let error = try XCTUnwrap(engine.run("1 + undefinedName").0.error)
        XCTAssertTrue(error.traceback[0].hasPrefix("In[1]:1:5: error: cannot find 'undefinedName'"), error.traceback[0])
    }

    func testSyntaxErrorIsOneCompileError() throws {
        let error = try XCTUnwrap(engine.run("let x = = 2").0.error)
        XCTAssertEqual(error.kind, .compile)
        XCTAssertTrue(error.traceback[0].hasPrefix("In[1]:1:"), error.traceback[0])
    }

    func testTrapsNameTheCauseAndKeepState() throws {
        XCTAssertEqual(engine.run("var kept = [1, 2, 3]").0, .success)
        let cases = [
            ("kept[10]", "Index out of range"),
            ("fatalError(\"custom stop\")", "custom stop"),
            ("let none: Int? = nil\nprint(none!)", "Unexpectedly found nil"),
            ("precondition(kept.isEmpty, \"kept must be empty\")", "Precondition failed: kept must be empty"),
            ("let big = Int.max\nprint(big + kept.count)", "arithmetic overflow"),
        ]
        for (code, cause) in cases {
            let error = try XCTUnwrap(engine.run(code).0.error, code)
            XCTAssertEqual(error.kind, .trap, code)
            XCTAssertTrue(error.value.contains(cause), "\(code): \(error.value)")
            XCTAssertFalse(error.stateLost)
        }
        XCTAssertEqual(engine.run("kept.append(4); print(kept)").1.stdout, "[1, 2, 3, 4]\n")
    }

    func testThrownErrorIsReportedWithItsType() throws {
        let (outcome, _) = engine.run("""
            struct Broken: Error, CustomStringConvertible { var description: String { "it broke" } }
            func fail() throws { throw Broken() }
            try fail()
            """)
        let error = try XCTUnwrap(outcome.error)
        XCTAssertEqual(error.kind, .thrown)
        XCTAssertTrue(error.name.hasSuffix("Broken"), error.name)
        XCTAssertEqual(error.value, "it broke")
    }

    func testThrowingGlobalInitialiserReportsTheError() throws {
        let (outcome, _) = engine.run("""
            struct Missing: Error {}
            func load() throws -> Int { throw Missing() }
            let value = try load()
            """)
        XCTAssertEqual(try XCTUnwrap(outcome.error).kind, .thrown)
        XCTAssertEqual(engine.run("print(\"still here\")").1.stdout, "still here\n")
    }

    func testExitLosesStateAndSaysSo() throws {
        XCTAssertEqual(engine.run("var before = 1").0, .success)
        let (outcome, output) = engine.run("print(\"last words\")\nexit(0)")
        XCTAssertEqual(output.stdout, "last words\n")
        let error = try XCTUnwrap(outcome.error)
        XCTAssertTrue(error.stateLost)
        XCTAssertTrue(error.value.contains("lost"), error.value)
        XCTAssertEqual(engine.run("print(\"alive\")").1.stdout, "alive\n")
    }
}

final class RecoveryTests: EngineTestCase {
    func testAGlobalWhoseInitialiserFailedIsForgottenNotHung() throws {
        let (outcome, _) = engine.run("let fine = 1\nlet broken = [1][5]\nlet after = 2")
        XCTAssertEqual(try XCTUnwrap(outcome.error).kind, .trap)
        XCTAssertEqual(engine.run("print(fine)").1.stdout, "1\n")
        for name in ["broken", "after"] {
            let error = try XCTUnwrap(engine.run("print(\(name))").0.error, name)
            XCTAssertEqual(error.kind, .compile)
            XCTAssertTrue(error.value.contains("cannot find '\(name)' in scope"), error.value)
        }
    }

    func testAWorkerThatDiedBetweenCellsIsReportedAndReplaced() throws {
        XCTAssertEqual(engine.run("""
            import Foundation
            DispatchQueue.global().async { Thread.sleep(forTimeInterval: 0.3); let none: Int? = nil; print(none!) }
            """).0, .success)
        Thread.sleep(forTimeInterval: 2)
        let error = try XCTUnwrap(engine.run("print(1)").0.error)
        XCTAssertEqual(error.kind, .workerLost)
        XCTAssertTrue(error.stateLost)
        XCTAssertEqual(engine.run("print(\"fresh\")").1.stdout, "fresh\n")
    }

    func testRedefiningAFunctionInTheSameCellThatUsesItIsNotAmbiguous() throws {
        XCTAssertEqual(engine.run("func describe(_ x: Int) -> Int { x }").0, .success)
        let (outcome, output) = engine.run("func describe(_ x: Int) -> String { \"#\\(x)\" }\nprint(describe(3))")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "#3\n")
    }
}
