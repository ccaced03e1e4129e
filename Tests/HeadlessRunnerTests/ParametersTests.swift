import XCTest
@testable import HeadlessRunner

final class ParametersTests: XCTestCase {
    func testValueKeepsTheDeclaredKindOfTheOriginal() {
        let declared = "var epochs = 5\nlet rate: Double = 0.001\nvar name = \"base\"\nvar verbose = false\nvar scale = 1.5"
        XCTAssertEqual(Parameters.declaration(name: "epochs", value: "3", declaredIn: declared), "var epochs = 3")
        XCTAssertEqual(Parameters.declaration(name: "rate", value: "1", declaredIn: declared), "let rate: Double = 1.0")
        XCTAssertEqual(Parameters.declaration(name: "name", value: "run \"a\"", declaredIn: declared), "var name = \"run \\\"a\\\"\"")
        XCTAssertEqual(Parameters.declaration(name: "verbose", value: "TRUE", declaredIn: declared), "var verbose = true")
        XCTAssertEqual(Parameters.declaration(name: "scale", value: "2", declaredIn: declared), "var scale = 2.0")
    }

    func testOptionalsTakeTheWrappedKind() {
        XCTAssertEqual(Parameters.declaration(name: "n", value: "4", declaredIn: "let n: Int? = nil"), "let n: Int? = 4")
        XCTAssertEqual(Parameters.declaration(name: "n", value: "nil", declaredIn: "let n: Int? = nil"), "let n: Int? = nil")
    }

    func testUndeclaredNamesGetAnInferredLiteral() {
        XCTAssertEqual(Parameters.declaration(name: "n", value: "7", declaredIn: ""), "var n = 7")
        XCTAssertEqual(Parameters.declaration(name: "path", value: "/data", declaredIn: ""), "var path = \"/data\"")
    }

    func testInjectedCellFollowsTheParametersCellAndReplacesAnEarlierInjection() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("params-\(UUID()).ipynb")
        defer { try? FileManager.default.removeItem(at: file) }
        let json = """
        {"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
          {"cell_type": "markdown", "metadata": {}, "source": "title"},
          {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["var n = 1\\n"], "outputs": [], "execution_count": null},
          {"cell_type": "code", "metadata": {}, "source": "print(n)", "outputs": [], "execution_count": null}]}
        """
        try Data(json.utf8).write(to: file)
        var notebook = try Notebook(contentsOf: file.path)
        Parameters.inject([("n", "2")], into: &notebook)
        Parameters.inject([("n", "3")], into: &notebook)
        let cells = notebook.cells
        XCTAssertEqual(cells.count, 4)
        XCTAssertEqual(Notebook.tags(of: cells[2]), ["injected-parameters"])
        XCTAssertEqual(Notebook.source(of: cells[2]), "// Parameters\nvar n = 3")
        XCTAssertEqual(notebook.json["nbformat_minor"] as? Int, 5)
        XCTAssertEqual(Set(cells.compactMap { $0["id"] as? String }).count, 4, "every cell has a unique id")
    }
}
