import Foundation
import XCTest
@testable import LearnPlot

final class TickTests: XCTestCase {
    func testLogTicksArePowersOfTen() {
        let ticks = TickGenerator.log(lower: 1e-3, upper: 1e5, target: 10)
        let majors = ticks.filter(\.isMajor)
        XCTAssertEqual(majors.map(\.value).map { log10($0).rounded() }, [-3, -2, -1, 0, 1, 2, 3, 4, 5].map(Double.init))
        for tick in majors {
            XCTAssertEqual(log10(tick.value), log10(tick.value).rounded(), accuracy: 1e-12)
        }
        XCTAssertEqual(majors.first?.label, "10⁻³")
        XCTAssertEqual(majors.last?.label, "10⁵")
        let fewDecades = TickGenerator.log(lower: 1, upper: 1000, target: 10)
        XCTAssertTrue(fewDecades.contains { !$0.isMajor && abs($0.value - 20) < 1e-9 }, "minor tick at 2×10¹")
    }

    func testLogTicksWithinSmallRangeArePlainNumbers() {
        let labels = TickGenerator.log(lower: 0.01, upper: 1000, target: 10).filter(\.isMajor).map(\.label)
        XCTAssertEqual(labels, ["0.01", "0.1", "1", "10", "100", "1000"])
    }

    func testManyDecadesLabelEveryFewDecadesOnly() {
        let majors = TickGenerator.log(lower: 1, upper: 1e20, target: 5).filter(\.isMajor)
        XCTAssertLessThanOrEqual(majors.count, 6)
        XCTAssertTrue(majors.allSatisfy { log10($0.value) == log10($0.value).rounded() })
    }

    func testLogAxisFitsWholeDecades() {
        let axis = ContinuousAxis.fitting([1984, 126_000], scale: .log, pad: true, includeZero: false)
        XCTAssertEqual(axis.lower, 1000)
        XCTAssertEqual(axis.upper, 1_000_000)
    }

    func testLinearTicksUseNiceSteps() {
        let ticks = TickGenerator.linear(lower: -0.05, upper: 1.05, target: 5)
        XCTAssertEqual(ticks.map(\.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(TickGenerator.niceStep(span: 126_000, target: 5), 20_000)
        XCTAssertEqual(TickGenerator.niceStep(span: 9, target: 5), 2)
        XCTAssertEqual(TickGenerator.niceStep(span: 7, target: 5), 1)
    }

    func testTickLabelsUseMinusSignAndScientificForHugeValues() {
        XCTAssertEqual(TickGenerator.linear(lower: -1.1, upper: 1.1, target: 4).map(\.label), ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
        let big = TickGenerator.linear(lower: 0, upper: 3e7, target: 3).map(\.label)
        XCTAssertEqual(big, ["0", "1e7", "2e7", "3e7"])
    }

    func testBarsIncludeZeroOnLinearAxes() {
        let axis = ContinuousAxis.fitting([5, 10], scale: .linear, pad: true, includeZero: true)
        XCTAssertEqual(axis.lower, 0)
        XCTAssertGreaterThan(axis.upper, 10)
    }
}
