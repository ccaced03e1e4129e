import XCTest
import CellEngine

final class CompletenessTests: XCTestCase {
    static var engine: CellEngine!

    override class func setUp() { engine = try? EngineFixture.makeEngine() }
    override class func tearDown() { engine?.shutdown() }

    func testCompleteIncompleteAndInvalidAreToldApart() throws {
        let engine = try XCTUnwrap(Self.engine)
        XCTAssertEqual(engine.completeness(of: "print(\"hi\")"), .complete)
        XCTAssertEqual(engine.completeness(of: ""), .complete)
        XCTAssertEqual(engine.completeness(of: "func f() {"), .incomplete(indent: "    "))
        XCTAssertEqual(engine.completeness(of: "if true {\n  for i in 0..<3 {\n"), .incomplete(indent: "        "))
        XCTAssertEqual(engine.completeness(of: "let a = [1,"), .incomplete(indent: "    "))
        XCTAssertEqual(engine.completeness(of: "let s = \"\"\""), .incomplete(indent: "    "))
        XCTAssertEqual(engine.completeness(of: "let x = = 2"), .invalid)
        XCTAssertEqual(engine.completeness(of: "let x = 1 }"), .invalid)
    }
}
