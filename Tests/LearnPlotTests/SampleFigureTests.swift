import Foundation
import XCTest
@testable import LearnPlot

/// Renders the figures a person looks at to judge the output (axis ticks, labels, legend).
/// They are written to `$TMPDIR/LearnPlotSamples/`.
final class SampleFigureTests: XCTestCase {
    static var sampleDirectory: URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("LearnPlotSamples")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sampleFigure() -> Figure {
        let xs = stride(from: -6.0, through: 6.0, by: 0.1).map { $0 }
        let sigmoid = xs.map { 1 / (1 + exp(-$0)) }
        let derivative = sigmoid.map { $0 * (1 - $0) }
        let tanhs = xs.map { tanh($0) }
        let fig = Figure(width: 1000, height: 360, rows: 1, columns: 3, title: "Activation functions and costs")
        fig[0].plot(xs, sigmoid, label: "sigmoid")
        fig[0].plot(xs, derivative, label: "σ'", style: .dashed)
        fig[0].plot(xs, tanhs, label: "tanh", style: .dotted)
        fig[0].title = "Sigmoid"
        fig[0].xLabel = "x"
        fig[0].yLabel = "y"
        fig[0].grid = true
        fig[1].bar(["flight", "car", "train", "bike"], [1984, 126_000, 3_500, 12])
        fig[1].yScale = .log
        fig[1].title = "Cost (log scale)"
        fig[1].yLabel = "euros"
        fig[1].grid = true
        fig[2].barh(["relu", "gelu", "swish"], [0.91, 0.935, 0.93], label: "accuracy")
        fig[2].title = "Accuracy"
        fig[2].xLimits = 0.8...1
        return fig
    }

    func testWritesSampleFigures() throws {
        let fig = Self.sampleFigure()
        let png = Self.sampleDirectory.appendingPathComponent("sample.png")
        try fig.save(png.path)
        try fig.save(Self.sampleDirectory.appendingPathComponent("sample.svg").path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: png.path))
        print("sample figure: \(png.path)")
    }
}
