import NotebookDisplay
import XCTest
@testable import LearnPlot

final class ProgressBarTests: XCTestCase {
    /// A clock the test moves by hand.
    final class FakeClock {
        var now: Double = 100
        func read() -> Double { now }
    }

    /// Everything a bar drew: the event and its text at the time.
    final class Recorder {
        var events: [(ProgressBar.Event, String)] = []
        func record(_ bar: ProgressBar, _ event: ProgressBar.Event) { events.append((event, bar.text())) }
    }

    func testUpdatesAreRateLimitedAndTheFinalStateAlwaysDrawn() {
        let clock = FakeClock(), recorder = Recorder()
        let bar = ProgressBar(total: 1000, label: "train", minimumInterval: 0.2, clock: clock.read, output: recorder.record)
        XCTAssertEqual(recorder.events.map(\.0), [.start])
        // 999 steps 1 ms apart: 0.999 s, so an update every 0.2 s only.
        for _ in 0..<999 {
            clock.now += 0.001
            bar.advance()
        }
        let updates = recorder.events.filter { $0.0 == .update }.count
        XCTAssertGreaterThanOrEqual(updates, 4)
        XCTAssertLessThanOrEqual(updates, 5)
        clock.now += 0.001
        bar.advance()
        XCTAssertEqual(recorder.events.last?.0, .update, "reaching the total draws at once")
        XCTAssertTrue(recorder.events.last?.1.contains("1000/1000 [100%]") ?? false)
        bar.finish()
        bar.finish()
        XCTAssertEqual(recorder.events.last?.0, .finish)
        XCTAssertEqual(recorder.events.filter { $0.0 == .finish }.count, 1)
        bar.advance()
        XCTAssertEqual(recorder.events.last?.0, .finish, "nothing after finish")
    }

    func testShowsCountPercentageRateAndTimeLeft() {
        let clock = FakeClock()
        let bar = ProgressBar(total: 100, label: "epoch 1", minimumInterval: 0, clock: clock.read, output: { _, _ in })
        clock.now += 5
        bar.update(to: 25)
        XCTAssertEqual(bar.rate ?? 0, 5, accuracy: 1e-9)
        XCTAssertEqual(bar.remaining ?? 0, 15, accuracy: 1e-9)
        XCTAssertEqual(bar.statusText, "25/100 [25%] 00:05<00:15, 5.0 it/s")
        XCTAssertTrue(bar.text(width: 8).hasPrefix("epoch 1 |██      |"))
        let html = bar.mimeBundle.data["text/html"] ?? ""
        XCTAssertTrue(html.contains("<progress value=\"25\" max=\"100\""))
        clock.now += 5
        bar.finish()
        XCTAssertEqual(bar.statusText, "25/100 [25%] 00:10, 2.5 it/s")
    }

    func testUnknownTotalShowsCountAndRateOnly() {
        let clock = FakeClock()
        let bar = ProgressBar(total: nil, minimumInterval: 0, clock: clock.read, output: { _, _ in })
        clock.now += 2
        bar.advance(by: 1)
        XCTAssertEqual(bar.text(), "1 it 00:02<?, 2.00 s/it")
    }

    func testProgressSequenceCountsFinishedItemsAndFinishes() {
        let clock = FakeClock(), recorder = Recorder()
        var seen: [Int] = []
        var counts: [Int] = []
        let sequence = ProgressSequence(base: [10, 20, 30], label: "", total: nil, minimumInterval: 0,
                                        clock: clock.read, output: recorder.record)
        var iterator = sequence.makeIterator()
        while let value = iterator.next() {
            seen.append(value)
            counts.append(iterator.bar.count)
            clock.now += 1
        }
        XCTAssertEqual(seen, [10, 20, 30])
        XCTAssertEqual(counts, [0, 1, 2], "an item counts once its loop body is done")
        XCTAssertEqual(iterator.bar.count, 3)
        XCTAssertEqual(iterator.bar.total, 3, "a collection gives its count as total")
        XCTAssertTrue(iterator.bar.isFinished)
        XCTAssertEqual(recorder.events.last?.0, .finish)
    }

    func testBreakingOutOfTheLoopStillFinishes() {
        let recorder = Recorder()
        do {
            let sequence = ProgressSequence(base: 0..<100, label: "", total: nil, minimumInterval: 0,
                                            clock: nil, output: recorder.record)
            for value in sequence where value == 3 { break }
        }
        XCTAssertEqual(recorder.events.last?.0, .finish)
    }

    func testProgressFunctionWrapsAnySequence() {
        var total = 0
        for value in progress(1...4, label: "sum") { total += value }
        XCTAssertEqual(total, 10)
    }
}
