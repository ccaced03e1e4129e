import Foundation
import NotebookDisplay
import XCTest
@testable import LearnPlot

final class FigureSVGTests: XCTestCase {
    private func sigmoidFigure() -> Figure {
        let xs = stride(from: -5.0, through: 5.0, by: 0.25).map { $0 }
        let ys = xs.map { 1 / (1 + exp(-$0)) }
        let fig = Figure(width: 900, height: 300, rows: 1, columns: 3)
        fig[0].plot(xs, ys, label: "sigmoid")
        fig[0].plot(xs, ys.map { $0 * (1 - $0) }, label: "σ'", style: .dashed)
        fig[0].title = "Sigmoid & <friends>"
        fig[0].xLabel = "input x"
        fig[0].yLabel = "output y"
        fig[0].legend = true
        fig[0].grid = true
        fig[1].bar(["flight", "car"], [1984, 126_000])
        fig[1].yScale = .log
        fig[2].scatter([1, 2, 3], [3, 1, 2], label: "points")
        return fig
    }

    func testSVGIsWellFormedXMLWithTitleLabelsAndLegend() throws {
        let svg = sigmoidFigure().svg()
        let inspection = try XCTUnwrap(SVGInspection.parse(svg), "SVG does not parse as XML")
        XCTAssertEqual(inspection.rootAttributes["width"], "900")
        XCTAssertEqual(inspection.rootAttributes["height"], "300")
        XCTAssertTrue(inspection.texts.contains("Sigmoid & <friends>"), "title, escaped and read back")
        XCTAssertTrue(inspection.texts.contains("input x"))
        XCTAssertTrue(inspection.texts.contains("output y"))
        XCTAssertTrue(inspection.texts.contains("sigmoid"), "legend entry")
        XCTAssertTrue(inspection.texts.contains("σ'"), "legend entry")
        XCTAssertTrue(inspection.texts.contains("flight"), "bar category")
        XCTAssertTrue(inspection.texts.contains("points"), "scatter legend entry")
    }

    func testOnePathPerLineSeries() throws {
        let plot = Plot()
        for k in 1...4 {
            plot.plot([0.0, 1, 2, 3], [0.0, 1, 2, 3].map { $0 * Double(k) }, label: "k=\(k)")
        }
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertEqual(inspection.seriesPaths.count, 4)
        let colors = Set(inspection.seriesPaths.compactMap { $0["stroke"] })
        XCTAssertEqual(colors.count, 4, "each series gets its own colour")
        XCTAssertEqual(inspection.seriesPaths[0]["stroke"], Color.palette(0).hexString)
    }

    func testNonFiniteValuesBreakTheLineInsideOnePath() throws {
        let plot = Plot()
        plot.plot([0.0, 1, 2, 3, 4], [1.0, 2, .nan, 2, 1])
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertEqual(inspection.seriesPaths.count, 1)
        let d = try XCTUnwrap(inspection.seriesPaths.first?["d"])
        XCTAssertEqual(d.filter { $0 == "M" }.count, 2, "two runs around the NaN")
    }

    func testDashedSeriesCarryADashArray() throws {
        let plot = Plot()
        plot.plot([1.0, 2], style: .dashed)
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertNotNil(inspection.seriesPaths.first?["stroke-dasharray"])
    }

    func testLogAxisLabelsArePowersOfTen() throws {
        let plot = Plot()
        plot.bar(["flight", "car"], [1984, 126_000])
        plot.yScale = .log
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        for label in ["10³", "10⁴", "10⁵", "10⁶"] {
            XCTAssertTrue(inspection.texts.contains(label), "missing tick label \(label) in \(inspection.texts)")
        }
        XCTAssertFalse(inspection.texts.contains("50000"), "no linear ticks on a log axis")
    }

    func testMismatchedLengthsAreDrawnAndReported() throws {
        let plot = Plot()
        plot.plot([1.0, 2, 3], [1.0, 2])
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertEqual(inspection.seriesPaths.count, 1)
        XCTAssertTrue(inspection.texts.contains { $0.contains("x has 3 values but y has 2") })
    }

    func testHeatmapIsEmbeddedAsOneImage() throws {
        let plot = Plot()
        plot.heatmap([[0.0, 1], [1, 0]], xRange: -1...1, yRange: -1...1, colormap: .coolwarm)
        plot.scatter([-0.5, 0.5], [0.5, -0.5], classes: [0, 1])
        let inspection = try XCTUnwrap(SVGInspection.parse(plot.svg()))
        XCTAssertEqual(inspection.elementCounts["image"], 1)
        XCTAssertEqual(inspection.elementCounts["circle"].map { $0 >= 2 }, true)
        XCTAssertTrue(inspection.texts.contains("class 0"))
        XCTAssertTrue(inspection.texts.contains("class 1"))
    }

    func testMIMEBundleIsSVGWithAPNGTwinByDefaultAndPNGOnRequest() throws {
        let fig = Figure(width: 640, height: 480)
        fig[0].title = "Loss"
        fig[0].plot([3.0, 2, 1])
        XCTAssertEqual(fig.description, "<Figure 640×480: Loss>")
        let svgBundle = MIMEBundle.of(fig)
        XCTAssertNotNil(svgBundle.data["image/svg+xml"])
        XCTAssertEqual(svgBundle.data["text/plain"], "<Figure 640×480: Loss>")
        // The PNG twin is what JupyterLab shows for a notebook it does not trust.
        let twin = try XCTUnwrap(DecodedPNG(try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(svgBundle.data["image/png"])))))
        XCTAssertEqual(twin.width, 640)

        fig.format = .png
        let pngBundle = MIMEBundle.of(fig)
        let base64 = try XCTUnwrap(pngBundle.data["image/png"])
        let decoded = try XCTUnwrap(DecodedPNG(try XCTUnwrap(Data(base64Encoded: base64))))
        XCTAssertEqual(decoded.width, 640)
        XCTAssertEqual(decoded.height, 480)
        XCTAssertEqual(pngBundle.metadata["image/png"]?["width"], 640)
    }

    func testDefaultFormatAppliesToFiguresWithoutTheirOwn() {
        let saved = Figure.defaultFormat
        defer { Figure.defaultFormat = saved }
        Figure.defaultFormat = .png
        let plot = Plot(width: 200, height: 100)
        plot.plot([1.0, 2])
        XCTAssertNotNil(plot.mimeBundle.data["image/png"])
        plot.format = .svg
        XCTAssertNotNil(plot.mimeBundle.data["image/svg+xml"])
    }

    func testSaveChoosesFormatByExtensionAndRejectsUnknownOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("LearnPlotTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plot = Plot(width: 120, height: 90)
        plot.plot([1.0, 3, 2])
        try plot.save(directory.appendingPathComponent("a.svg").path)
        try plot.save(directory.appendingPathComponent("a.png").path)
        let svg = try String(contentsOf: directory.appendingPathComponent("a.svg"), encoding: .utf8)
        XCTAssertNotNil(SVGInspection.parse(svg))
        let png = try XCTUnwrap(DecodedPNG(try Data(contentsOf: directory.appendingPathComponent("a.png"))))
        XCTAssertEqual(png.width, 120)
        XCTAssertThrowsError(try plot.save(directory.appendingPathComponent("a.jpg").path)) { error in
            XCTAssertTrue("\(error)".contains(".png"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(leftovers, ["a.png", "a.svg"], "no temporary files left behind")
    }

    func testClipIDsDifferBetweenFigures() {
        func clipID(_ svg: String) -> Substring? {
            guard let range = svg.range(of: "clipPath id=\"") else { return nil }
            return svg[range.upperBound...].prefix { $0 != "\"" }
        }
        let a = Plot(), b = Plot()
        a.plot([1.0, 2]); b.plot([1.0, 2])
        XCTAssertNotEqual(clipID(a.svg()), clipID(b.svg()))
    }
}
