import XCTest
@testable import HeadlessRunner

final class OutputRecorderTests: XCTestCase {
    func testStreamsMergeAndDisplaysUpdateInPlace() {
        let recorder = OutputRecorder()
        recorder.currentCell = 0
        recorder.cellStream(.stdout, "a")
        recorder.cellStream(.stdout, "b\n")
        recorder.cellDisplay(["data": ["text/plain": "0%"], "transient": ["display_id": "bar"]])
        recorder.currentCell = 1
        for percent in [10, 50, 100] {
            recorder.cellDisplay(["data": ["text/plain": "\(percent)%"], "transient": ["display_id": "bar"], "update": true])
        }
        let first = recorder.outputs[0] ?? []
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(first[0]["text"] as? String, "ab\n")
        XCTAssertEqual((first[1]["data"] as? [String: Any])?["text/plain"] as? String, "100%")
        XCTAssertNil(recorder.outputs[1], "an update adds no output of its own")
    }

    func testClearOutputWithWaitClearsWhenTheNextOutputArrives() {
        let recorder = OutputRecorder()
        recorder.cellStream(.stdout, "old\n")
        recorder.cellClearOutput(wait: true)
        XCTAssertEqual(recorder.outputs[0]?.count, 1)
        recorder.cellStream(.stdout, "new\n")
        XCTAssertEqual(recorder.outputs[0]?.map { $0["text"] as? String }, ["new\n"])
    }

    func testFinalExpressionBecomesAnExecuteResultWithTheCount() {
        let recorder = OutputRecorder()
        recorder.executionCount = 4
        recorder.cellDisplay(["data": ["text/plain": "42"], "result": true])
        XCTAssertEqual(recorder.outputs[0]?.first?["output_type"] as? String, "execute_result")
        XCTAssertEqual(recorder.outputs[0]?.first?["execution_count"] as? Int, 4)
    }
}
