import Foundation
import XCTest
@testable import LearnPlot

final class FigurePNGTests: XCTestCase {
    func testPNGHasFigureSizeAndWhiteBackground() throws {
        let fig = Figure(width: 300, height: 200)
        fig[0].plot([1.0, 2, 3])
        let png = try XCTUnwrap(DecodedPNG(try fig.png()))
        XCTAssertEqual(png.width, 300)
        XCTAssertEqual(png.height, 200)
        XCTAssertEqual(png.rgb(0, 0), 0xffffff)
        XCTAssertEqual(png.rgb(299, 199), 0xffffff)
    }

    func testBarIsFilledWithItsColourAtItsCentre() throws {
        let plot = Plot(width: 200, height: 200)
        plot.bar(["a"], [10], color: Color(hex: 0x2ca02c))
        let png = try XCTUnwrap(DecodedPNG(try plot.png()))
        XCTAssertEqual(png.rgb(100, 100), 0x2ca02c)
        XCTAssertEqual(png.rgb(2, 100), 0xffffff, "margin stays white")
    }

    func testLogScaleBarIsDrawnFromTheAxisBottom() throws {
        let plot = Plot(width: 200, height: 200)
        plot.bar(["a"], [1000], color: .red)
        plot.yScale = .log
        let png = try XCTUnwrap(DecodedPNG(try plot.png()))
        XCTAssertEqual(png.rgb(110, 150), Color.red.hexString.hexValue)
    }

    func testThickLineHasItsColourOnTheLine() throws {
        let plot = Plot(width: 200, height: 200)
        plot.plot([1.0, 1, 1], color: Color(hex: 0x1f77b4), lineWidth: 6)
        let png = try XCTUnwrap(DecodedPNG(try plot.png()))
        // The constant line sits in the middle of the y range, so mid-height of the axes.
        let column = 110
        let rows = (0..<200).filter { png.rgb(column, $0) == 0x1f77b4 }
        XCTAssertGreaterThanOrEqual(rows.count, 4, "a 6 px line is at least 4 fully covered rows")
        XCTAssertLessThanOrEqual(rows.count, 7)
    }

    func testHeatmapColoursFollowTheGrid() throws {
        let plot = Plot(width: 200, height: 200)
        // Row 0 is the bottom row: bottom-left black, top-left white.
        plot.heatmap([[0.0, 0.0], [1.0, 1.0]], xRange: 0...1, yRange: 0...1, colormap: .grays, smooth: false)
        let canvas = plot.figure.raster()
        // Find the axes by scanning for the black bottom-left cell.
        let png = try XCTUnwrap(DecodedPNG(try canvas.pngData()))
        var blackRows: [Int] = [], whiteRowsAbove = 0
        for y in 0..<200 where png.rgb(100, y) == 0x000000 { blackRows.append(y) }
        XCTAssertGreaterThan(blackRows.count, 50, "the bottom half of the axes is black")
        if let top = blackRows.first {
            for y in 0..<top where png.rgb(100, y) == 0xffffff { whiteRowsAbove += 1 }
        }
        XCTAssertGreaterThan(whiteRowsAbove, 50, "the top half is white")
    }

    func testPNGScaleMultipliesPixels() throws {
        let fig = Figure(width: 100, height: 80)
        fig.pngScale = 2
        let png = try XCTUnwrap(DecodedPNG(try fig.png()))
        XCTAssertEqual(png.width, 200)
        XCTAssertEqual(png.height, 160)
        XCTAssertEqual(fig.mimeBundle.metadata["image/png"]?["width"], 100, "the SVG's PNG twin is shown at figure size")
        fig.format = .png
        XCTAssertEqual(fig.mimeBundle.metadata["image/png"]?["width"], 100, "shown at figure size")
    }

    func testTextIsRenderedAsDarkPixels() throws {
        let canvas = RasterCanvas(width: 120, height: 40)
        canvas.text("Loss 10⁵", at: Point(x: 10, y: 28), size: 16, color: .black, anchor: .start, rotated: false)
        let png = try XCTUnwrap(DecodedPNG(try canvas.pngData()))
        let dark = (0..<40).flatMap { y in (0..<120).map { (png.rgb($0, y)) } }.filter { $0 < 0x404040 }
        XCTAssertGreaterThan(dark.count, 40)
    }

    func testBitmapFallbackFontRendersReadableText() {
        let typesetter = Typesetter(font: BitmapFont(), fontPath: nil)
        XCTAssertEqual(BitmapFont.spell("10⁻³ − 2"), "10^-3 - 2")
        let mask = typesetter.render("AB 12", size: 18)
        XCTAssertGreaterThan(mask.coverage.filter { $0 == 255 }.count, 40)
        XCTAssertEqual(typesetter.width(of: "AB", size: 18), 2 * typesetter.width(of: "A", size: 18))
        let canvas = RasterCanvas(width: 80, height: 30, typesetter: typesetter)
        canvas.text("OK", at: Point(x: 5, y: 20), size: 18, color: .black, anchor: .start, rotated: true)
        XCTAssertTrue((0..<30).contains { y in (0..<80).contains { canvas.color(x: $0, y: y) == .black } })
    }

    func testDashedLinesHaveGaps() {
        let runs = RasterCanvas.dash([[Point(x: 0, y: 0), Point(x: 100, y: 0)]], pattern: [10, 5])
        XCTAssertEqual(runs.count, 7)
        XCTAssertEqual(runs[0].last?.x ?? 0, 10, accuracy: 1e-9)
        XCTAssertEqual(runs[1].first?.x ?? 0, 15, accuracy: 1e-9)
    }
}

private extension String {
    var hexValue: UInt32 { UInt32(dropFirst(), radix: 16) ?? 0 }
}
