import NotebookDisplay
import XCTest
@testable import LearnPlot

final class TableTests: XCTestCase {
    private let table = Table(columns: ["model", "accuracy", "params"],
                              rows: [["mlp", 0.1 + 0.2, 110_000], ["cnn <small>", 0.987, 93_322]])

    func testPlainTextAlignsColumnsAndRightAlignsNumbers() {
        XCTAssertEqual(table.plainText, """
        model        accuracy  params
        -----------  --------  ------
        mlp               0.3  110000
        cnn <small>     0.987   93322
        """)
    }

    func testHTMLHasHeaderCellsAndEscapes() {
        let html = table.html
        XCTAssertTrue(html.hasPrefix("<table>"))
        XCTAssertTrue(html.contains("<th style=\"text-align: left\">model</th>"))
        XCTAssertTrue(html.contains("<td style=\"text-align: right\">0.987</td>"))
        XCTAssertTrue(html.contains("cnn &lt;small&gt;"))
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 3)
    }

    func testMIMEBundleHasHTMLAndPlainTwin() {
        let bundle = MIMEBundle.of(table)
        XCTAssertEqual(bundle.data["text/html"], table.html)
        XCTAssertEqual(bundle.data["text/plain"], table.plainText)
    }

    func testShortRowsArePaddedAndCaptionShown() {
        let ragged = Table(columns: ["a"], rows: [["x", "y"], ["z"]], caption: "Ragged")
        XCTAssertEqual(ragged.columns, ["a", ""])
        XCTAssertEqual(ragged.rows, [["x", "y"], ["z", ""]])
        XCTAssertTrue(ragged.html.contains("<caption>Ragged</caption>"))
        XCTAssertTrue(ragged.plainText.hasPrefix("Ragged\n"))
    }

    func testMarkdownBundle() {
        let bundle = MIMEBundle.of(Markdown("# Results\n*done*"))
        XCTAssertEqual(bundle.data["text/markdown"], "# Results\n*done*")
        XCTAssertEqual(bundle.data["text/plain"], "# Results\n*done*")
    }
}
