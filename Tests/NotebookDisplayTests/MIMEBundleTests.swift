import XCTest
@testable import NotebookDisplay

final class MIMEBundleTests: XCTestCase {
    struct Rich: DisplayRepresentable {
        var mimeBundle: MIMEBundle { MIMEBundle(["text/html": "<b>hi</b>", "text/plain": "hi"]) }
    }

    func testRichValueOffersItsOwnBundle() {
        XCTAssertEqual(MIMEBundle.of(Rich()).data["text/html"], "<b>hi</b>")
    }

    func testStringsShowQuotedAndNumbersPlain() {
        XCTAssertEqual(MIMEBundle.of("hi").data["text/plain"], "\"hi\"")
        XCTAssertEqual(MIMEBundle.of(42).data["text/plain"], "42")
        XCTAssertEqual(MIMEBundle.of([1, 2]).data["text/plain"], "[1, 2]")
    }

    func testWithoutAHostDisplayFallsBackToTheTerminal() {
        XCTAssertFalse(isRunningInNotebook)
        XCTAssertFalse(isInterruptRequested)
    }
}
