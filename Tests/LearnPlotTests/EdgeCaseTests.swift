import Foundation
import XCTest
@testable import LearnPlot

/// Odd input must still give a picture, never a crash.
final class EdgeCaseTests: XCTestCase {
    private func assertRenders(_ figure: Figure, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertNotNil(SVGInspection.parse(figure.svg()), "SVG parses", file: file, line: line)
        let png = try XCTUnwrap(DecodedPNG(try figure.png()), file: file, line: line)
        XCTAssertEqual(png.width, figure.width, file: file, line: line)
    }

    func testEmptyPanelsRender() throws {
        let fig = Figure(width: 400, height: 300, rows: 2, columns: 2, title: "Nothing yet")
        fig[1, 1].title = "Empty"
        try assertRenders(fig)
    }

    func testDegenerateDataRenders() throws {
        let fig = Figure(width: 600, height: 400, rows: 2, columns: 3)
        fig[0].plot([5.0])                                  // one point
        fig[1].plot([2.0, 2, 2])                            // constant
        fig[2].plot([Double.nan, .infinity])                // nothing finite
        fig[3].plot([0.0, -1, 10, 100]); fig[3].yScale = .log   // non-positive on log
        fig[4].bar([String](), [Double]())                  // no bars
        fig[5].scatter([1.0], [1.0]); fig[5].xLimits = 3...3   // empty limits
        try assertRenders(fig)
    }

    func testManyPointsStayFast() throws {
        let n = 20_000
        let plot = Plot()
        plot.plot((0..<n).map { sin(Double($0) / 100) })
        plot.scatter((0..<2000).map { Double($0) }, (0..<2000).map { cos(Double($0)) })
        let start = Date()
        _ = try plot.png()
        _ = plot.svg()
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "debug build; release is much faster")
    }

    func testSingleCategoryBarsAndNegativeValues() throws {
        let plot = Plot()
        plot.bar(["a", "b", "c"], [-3, 0, 4], label: "delta")
        plot.bar(["a", "b", "c"], [1, 2, 3], label: "other")
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertTrue(inspection.texts.contains("delta"))
        XCTAssertTrue(inspection.texts.contains("−2"), "ticks below zero: \(inspection.texts)")
    }
}
