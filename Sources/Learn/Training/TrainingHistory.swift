// What `fit` returns: one record per finished epoch, the run's energy, and how it ended.
// A cell ending in a history shows a table and loss/accuracy curves.
import Foundation

/// The figures of one epoch.
public struct EpochRecord {
    /// 1-based.
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    /// nil without a validation loader.
    public var valLoss: Double?
    public var valAccuracy: Double?
    /// Seconds spent training (forward, backward, steps, waiting for batches).
    public var trainSeconds: Double
    /// Seconds spent on the validation pass.
    public var valSeconds: Double
    /// The learning rate this epoch trained with.
    public var learningRate: Double
    /// Energy of the epoch (training and validation), joules, by the run's method.
    public var joules: Double
}

/// The result of `fit`: per-epoch figures, total time, energy and CO2e.
public struct TrainingHistory {
    public var epochs: [EpochRecord]
    /// Energy of the whole run, by RAPL or by CPU time (see `EnergyReport.method`).
    public var energy: EnergyReport
    /// True when training stopped early on an interrupt (`fit(..., whenInterrupted: .returnHistory)`).
    public var wasInterrupted: Bool
    /// A name shown in captions and legends ("fine-tune", "frozen backbone").
    public var name: String

    public var trainLoss: [Double] { epochs.map(\.trainLoss) }
    public var trainAccuracy: [Double] { epochs.map(\.trainAccuracy) }
    public var valLoss: [Double] { epochs.compactMap(\.valLoss) }
    public var valAccuracy: [Double] { epochs.compactMap(\.valAccuracy) }
    /// Training seconds per epoch (without validation).
    public var secondsPerEpoch: [Double] { epochs.map(\.trainSeconds) }
    /// Training seconds summed over epochs.
    public var trainSeconds: Double { secondsPerEpoch.reduce(0, +) }
    /// Wall-clock seconds of the whole run (training and validation).
    public var totalSeconds: Double { energy.seconds }
    /// The best validation accuracy and its epoch (1-based), if there was validation.
    public var bestValidation: (epoch: Int, accuracy: Double)? {
        epochs.compactMap { e in e.valAccuracy.map { (e.epoch, $0) } }.max { $0.1 < $1.1 }
    }

    /// One row per epoch.
    public var table: Table {
        let hasValidation = epochs.contains { $0.valAccuracy != nil }
        var columns = ["epoch", "lr", "train loss", "train acc"]
        if hasValidation { columns += ["val loss", "val acc"] }
        columns += ["train s", "val s", "energy J"]
        let rows: [[any CustomStringConvertible]] = epochs.map { e in
            var row: [any CustomStringConvertible] = [e.epoch, e.learningRate, e.trainLoss, e.trainAccuracy]
            if hasValidation { row += [e.valLoss ?? Double.nan, e.valAccuracy ?? Double.nan] }
            return row + [round1(e.trainSeconds), round1(e.valSeconds), round1(e.joules)]
        }
        return Table(columns: columns, rows: rows, caption: name.isEmpty ? nil : name)
    }

    /// Loss and accuracy per epoch, training and validation, side by side.
    public func figure(width: Int = 820, height: Int = 300) -> Figure {
        let figure = Figure(width: width, height: height, rows: 1, columns: 2, title: name.isEmpty ? nil : name)
        let x = epochs.map(\.epoch)
        figure[0].title = "loss"
        figure[1].title = "accuracy"
        figure[0].plot(x, trainLoss, label: "train", marker: .circle)
        figure[1].plot(x, trainAccuracy, label: "train", marker: .circle)
        if !valAccuracy.isEmpty {
            figure[0].plot(x, epochs.map { $0.valLoss ?? .nan }, label: "validation", style: .dashed, marker: .circle)
            figure[1].plot(x, epochs.map { $0.valAccuracy ?? .nan }, label: "validation", style: .dashed, marker: .circle)
        }
        for panel in figure.panels { panel.xLabel = "epoch"; panel.grid = true }
        return figure
    }

    /// Totals under the table: time, energy, CO2e and how they were measured.
    public var summary: String {
        var text = String(format: "%d epoch%@, %.1f s training (%.1f s per epoch), %.1f s in all; ",
                          epochs.count, epochs.count == 1 ? "" : "s", trainSeconds,
                          epochs.isEmpty ? 0 : trainSeconds / Double(epochs.count), totalSeconds)
        if let best = bestValidation {
            text += String(format: "best validation accuracy %.4f (epoch %d); ", best.accuracy, best.epoch)
        }
        text += "energy " + energy.description
        if wasInterrupted { text += "; stopped early by an interrupt" }
        return text
    }
}

private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }

extension TrainingHistory: DisplayRepresentable, CustomStringConvertible {
    public var description: String { table.plainText + "\n" + summary }

    public var mimeBundle: MIMEBundle {
        var html = "<div>" + table.html + "<p>" + escapeHTMLText(summary) + "</p>"
        // The SVG document inline, without its XML declaration (not valid inside HTML).
        if !epochs.isEmpty { html += figure().svg().replacingOccurrences(of: #"<\?xml[^>]*\?>\n?"#, with: "", options: .regularExpression) }
        return MIMEBundle(["text/html": html + "</div>", "text/plain": description])
    }
}

private func escapeHTMLText(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
}
