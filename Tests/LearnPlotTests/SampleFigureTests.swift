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

extension SampleFigureTests {
    static func decisionBoundaryFigure() -> Figure {
        // Two blobs and a logistic "classifier" over the plane.
        var generator = SystemRandomNumberGenerator()
        var xs: [Float] = [], ys: [Float] = [], classes: [Int] = []
        for k in 0..<80 {
            let c = k % 2
            xs.append(Float(c == 0 ? -1 : 1) + Float.random(in: -1...1, using: &generator))
            ys.append(Float(c == 0 ? -0.5 : 0.5) + Float.random(in: -1...1, using: &generator))
            classes.append(c)
        }
        let grid = (0..<60).map { row in
            (0..<60).map { column -> Double in
                let x = -3 + 6 * (Double(column) + 0.5) / 60, y = -3 + 6 * (Double(row) + 0.5) / 60
                return 1 / (1 + exp(-(2 * x + y)))
            }
        }
        let fig = Figure(width: 900, height: 380, rows: 1, columns: 2)
        fig[0].heatmap(grid, xRange: -3...3, yRange: -3...3, colormap: .pastel, colorbar: true)
        fig[0].scatter(xs, ys, classes: classes, classNames: ["cat", "dog"])
        fig[0].title = "Decision boundary"
        fig[1].plot((1...30).map { 2.5 * pow(0.85, Double($0)) + 0.05 }, label: "train loss", marker: .circle)
        fig[1].plot((1...30).map { 2.6 * pow(0.88, Double($0)) + 0.12 }, label: "validation loss", style: .dashed)
        fig[1].horizontalLine(at: 0.1, label: "target")
        fig[1].yScale = .log
        fig[1].grid = true
        fig[1].xLabel = "epoch"
        fig[1].yLabel = "loss"
        fig[1].title = "Training"
        return fig
    }

    func testWritesMoreSamples() throws {
        let fig = Self.decisionBoundaryFigure()
        try fig.save(Self.sampleDirectory.appendingPathComponent("boundary.png").path)
        try fig.save(Self.sampleDirectory.appendingPathComponent("boundary.svg").path)
        // The same figure as it looks without DejaVu Sans (the built-in bitmap font).
        let fallback = Self.sampleFigure().raster(typesetter: Typesetter(font: BitmapFont(), fontPath: nil))
        try fallback.pngData().write(to: Self.sampleDirectory.appendingPathComponent("fallback-font.png"))
        let hiDPI = Self.sampleFigure()
        hiDPI.pngScale = 2
        try hiDPI.save(Self.sampleDirectory.appendingPathComponent("sample@2x.png").path)

        let small = Plot(width: 420, height: 300, title: "Sigmoid")
        let xs = stride(from: -6.0, through: 6.0, by: 0.1).map { $0 }
        small.plot(xs, xs.map { 1 / (1 + exp(-$0)) }, label: "sigmoid")
        small.plot(xs, xs.map { exp(-$0) / pow(1 + exp(-$0), 2) }, label: "σ'", style: .dashed)
        small.xLabel = "x"
        small.yLabel = "σ(x)"
        small.grid = true
        try small.save(Self.sampleDirectory.appendingPathComponent("small.png").path)

        let digits = (0..<10).map { digit in
            (0..<(16 * 16)).map { p -> UInt8 in
                let x = p % 16, y = p / 16
                return UInt8(truncatingIfNeeded: (x * 16 + y * digit * 3) % 256)
            }
        }
        let grid = try ImageGrid(images: digits, width: 16, height: 16, channels: 1,
                                 captions: (0..<10).map { "label \($0)" }, columns: 5, scale: 3)
        try grid.save(Self.sampleDirectory.appendingPathComponent("grid.png").path)
    }
}
