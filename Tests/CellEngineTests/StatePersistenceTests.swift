import XCTest
import CellEngine

final class StatePersistenceTests: EngineTestCase {
    func testDeclarationsFromEarlierCellsAreUsableLater() throws {
        XCTAssertEqual(engine.run("""
            struct Point { var x: Int; var y: Int }
            protocol Shape { func area() -> Int }
            extension Point: Shape { func area() -> Int { x * y } }
            func double(_ n: Int) -> Int { n * 2 }
            var total = 10
            """).0, .success)
        let (outcome, output) = engine.run("total += double(Point(x: 2, y: 3).area())\nprint(total)")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "22\n")
    }

    func testRedefiningANameWithANewTypeUsesTheNewest() throws {
        XCTAssertEqual(engine.run("var x = 1\nfunc f() -> Int { 1 }\nstruct Keep { var v = 7 }").0, .success)
        XCTAssertEqual(engine.run("var x = \"now a string\"\nfunc f() -> String { \"two\" }").0, .success)
        let (outcome, output) = engine.run("print(x, f(), Keep().v)")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "now a string two 7\n")
    }

    func testRerunningTheSameCellWorks() throws {
        for _ in 0..<3 { XCTAssertEqual(engine.run("var counter = 0\ncounter += 1").0, .success) }
        XCTAssertEqual(engine.run("print(counter)").1.stdout, "1\n")
    }

    func testGlobalsInitialiseInTheUsersOrder() throws {
        let (outcome, output) = engine.run("""
            print("first")
            let a = { print("a is set"); return 1 }()
            print("last", a)
            """)
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "first\na is set\nlast 1\n")
    }

    func testFinalExpressionIsShownAndVoidIsNot() throws {
        XCTAssertEqual(engine.run("var n = 40\nn + 2").1.displays, ["42"])
        XCTAssertEqual(engine.run("n += 1").1.displays, [])
        XCTAssertEqual(engine.run("\"text\"").1.displays, ["\"text\""])
        XCTAssertEqual(engine.run("final class Node {}\nNode()").1.displays, ["Node"], "no cell module name")
    }

    func testImportingALibraryTheWorkerHasNotLoadedWorks() throws {
        let (outcome, output) = engine.run("""
            import RegexBuilder
            let pattern = Regex { "c"; OneOrMore("a") }
            print("caat".contains(pattern))
            """)
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "true\n")
    }

    func testTopLevelAwaitWorksInStatementsAndGlobals() throws {
        XCTAssertEqual(engine.run("""
            func slowDouble(_ n: Int) async -> Int {
                try? await Task.sleep(nanoseconds: 1_000_000)
                return n * 2
            }
            let awaited = await slowDouble(4)
            """).0, .success)
        let (outcome, output) = engine.run("print(await slowDouble(awaited))")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "16\n")
    }
}

final class CellShapesTests: EngineTestCase {
    func testEmptyAndCommentOnlyCellsSucceedQuietly() throws {
        for code in ["", "   \n", "// just a note", "/* block */"] {
            let (outcome, output) = engine.run(code)
            XCTAssertEqual(outcome, .success, "\(code.debugDescription)")
            XCTAssertTrue(output.events.isEmpty)
        }
    }

    func testAttributesModifiersAndOperatorsKeepTheirKeywords() throws {
        XCTAssertEqual(engine.run("""
            let q = 1
            @discardableResult func bump() -> Int { 7 }
            infix operator <+>: AdditionPrecedence
            func <+> (a: Int, b: Int) -> Int { a * 10 + b }
            final class Leaf {}
            """).0, .success)
        let (outcome, output) = engine.run("bump()\nprint(1 <+> 2)")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "12\n")
        XCTAssertEqual(output.displays, [])
    }

    func testConditionalCompilationBlocksAreKept() throws {
        let (outcome, output) = engine.run("#if true\nlet chosen = \"yes\"\n#else\nlet chosen = \"no\"\n#endif\nprint(chosen)")
        XCTAssertEqual(outcome, .success)
        XCTAssertEqual(output.stdout, "yes\n")
    }
}
