import Foundation
import NotebookDisplay

/// The picture format of a figure.
public enum ImageFormat: Sendable {
    /// Vector, crisp at any zoom, text selectable. The default.
    case svg
    /// Pixels (rendered here with FreeType and libpng), for files and for frontends without SVG.
    case png
}

/// Why a figure could not be written.
public enum FigureError: Error, CustomStringConvertible {
    case unknownFileType(String)

    public var description: String {
        switch self {
        case let .unknownFileType(path):
            return "cannot tell the image format of '\(path)': use a name ending in .svg or .png"
        }
    }
}

/// A picture made of a grid of panels (`Plot`s), with an optional overall title.
///
/// ```swift
/// let fig = Figure(width: 900, height: 300, rows: 1, columns: 3)
/// fig[0].plot(xs, ys, label: "sigmoid")
/// fig[1].bar(["flight", "car"], [1984, 126000]); fig[1].yScale = .log
/// fig                         // shows the figure (SVG unless `format` says otherwise)
/// try fig.save("out.png")     // format from the extension
/// ```
public final class Figure {
    /// The format every figure uses unless its own `format` is set.
    nonisolated(unsafe) public static var defaultFormat: ImageFormat = .svg

    public var width: Int
    public var height: Int
    public let rows: Int
    public let columns: Int
    /// A title above all panels.
    public var title: String?
    /// nil uses `Figure.defaultFormat`.
    public var format: ImageFormat?
    /// Pixels per figure unit in PNG output: 2 gives a sharp image on high-density screens
    /// (the notebook still shows it at `width × height`).
    public var pngScale: Double = 1
    /// The panels, row by row.
    public let panels: [Plot]

    public init(width: Int = 640, height: Int = 480, rows: Int = 1, columns: Int = 1, title: String? = nil) {
        self.width = max(1, width)
        self.height = max(1, height)
        self.rows = max(1, rows)
        self.columns = max(1, columns)
        self.title = title
        panels = (0..<(self.rows * self.columns)).map { _ in Plot() }
    }

    /// A one-panel figure showing `plot` at the plot's own size and format.
    public init(_ plot: Plot) {
        width = max(1, plot.width)
        height = max(1, plot.height)
        rows = 1
        columns = 1
        format = plot.format
        panels = [plot]
    }

    /// The panel at `index`, counting row by row from the top left.
    public subscript(index: Int) -> Plot {
        precondition(panels.indices.contains(index), "Figure has \(panels.count) panels (0..<\(panels.count)); there is no panel \(index)")
        return panels[index]
    }

    public subscript(row: Int, column: Int) -> Plot {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                     "Figure has \(rows) rows and \(columns) columns; there is no panel (\(row), \(column))")
        return panels[row * columns + column]
    }

    /// The figure as an SVG document.
    public func svg() -> String {
        let canvas = SVGCanvas(width: Double(width), height: Double(height))
        FigureRenderer(figure: self).draw(on: canvas)
        return canvas.document
    }

    /// The figure as PNG data, `width × height` times `pngScale` pixels.
    public func png() throws -> Data {
        try raster().pngData()
    }

    func raster(typesetter: Typesetter = .shared) -> RasterCanvas {
        let canvas = RasterCanvas(width: width, height: height, scale: pngScale, typesetter: typesetter)
        FigureRenderer(figure: self, typesetter: typesetter).draw(on: canvas)
        return canvas
    }

    /// Writes the figure as SVG or PNG, chosen by the extension of `path`. The file appears
    /// whole or not at all (written to a temporary file, then renamed).
    public func save(_ path: String) throws {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        let data: Data
        switch url.pathExtension.lowercased() {
        case "svg": data = Data(svg().utf8)
        case "png": data = try png()
        default: throw FigureError.unknownFileType(path)
        }
        try data.write(to: url, options: .atomic)
    }
}

extension Figure: DisplayRepresentable, CustomStringConvertible {
    public var description: String {
        let name = title ?? panels.compactMap(\.title).first
        return "<Figure \(width)×\(height)\(panels.count > 1 ? ", \(rows)×\(columns) panels" : "")\(name.map { ": \($0)" } ?? "")>"
    }

    public var mimeBundle: MIMEBundle {
        switch format ?? Figure.defaultFormat {
        case .svg:
            // A PNG twin as well: JupyterLab will not show SVG from a notebook it does not trust
            // (any notebook executed elsewhere and shared), and then falls back to the PNG.
            var data = ["image/svg+xml": svg(), "text/plain": description]
            data["image/png"] = try? png().base64EncodedString()
            return MIMEBundle(data, metadata: ["image/png": ["width": width, "height": height]])
        case .png:
            do {
                return MIMEBundle(["image/png": try png().base64EncodedString(), "text/plain": description],
                                  metadata: ["image/png": ["width": width, "height": height]])
            } catch {
                return MIMEBundle(["image/svg+xml": svg(), "text/plain": "\(description) (PNG failed: \(error))"])
            }
        }
    }
}
