import Foundation
import CellEngine

/// Executes a notebook's code cells in order with the cell engine, as a headless counterpart of
/// running it in JupyterLab. Needs neither Python nor ZeroMQ.
public final class NotebookRunner {
    public struct Report {
        public var notebook: Notebook
        /// The first error not allowed by the notebook, with the cell's index; nil when all ran.
        public var failure: (cell: Int, error: CellError)?
    }

    private let engine: CellEngine
    /// Continue after errors (every cell runs), as `--allow-errors`.
    public var allowErrors = false
    /// Called with every piece of text a cell prints.
    public var echo: ((String) -> Void)?
    /// Called with the notebook as it stands after each code cell (e.g. to save progress).
    public var afterEachCell: ((Notebook) -> Void)?
    /// A cell running longer than this many seconds is interrupted (nil: no limit).
    public var cellTimeout: Double?

    public init(engine: CellEngine) {
        self.engine = engine
    }

    /// Runs every code cell and returns the notebook with its outputs. A cell tagged
    /// `raises-exception` may fail without stopping the run, as nbclient allows.
    public func run(_ notebook: Notebook) -> Report {
        var notebook = Self.clearingOutputs(notebook)
        var cells = notebook.cells
        let recorder = OutputRecorder()
        recorder.echo = echo
        var failure: (cell: Int, error: CellError)?
        for index in cells.indices where cells[index]["cell_type"] as? String == "code" {
            recorder.currentCell = index
            recorder.executionCount += 1
            let source = Notebook.source(of: cells[index])
            let outcome = execute(source, cellName: "cell \(index + 1)", output: recorder)
            if let error = outcome.error { recorder.recordError(error) }
            for (cell, outputs) in recorder.outputs { cells[cell]["outputs"] = outputs }
            cells[index]["execution_count"] = recorder.executionCount
            notebook.cells = cells
            afterEachCell?(notebook)
            if let error = outcome.error, !allowErrors, !Notebook.tags(of: cells[index]).contains("raises-exception") {
                failure = (index, error)
                break
            }
        }
        for (cell, outputs) in recorder.outputs { cells[cell]["outputs"] = outputs }
        notebook.cells = cells
        return Report(notebook: notebook, failure: failure)
    }

    /// Runs one cell, interrupting it when it outlives `cellTimeout`.
    private func execute(_ source: String, cellName: String, output: OutputRecorder) -> CellOutcome {
        let finished = DispatchSemaphore(value: 0)
        if let cellTimeout {
            DispatchQueue.global().async { [engine] in
                if finished.wait(timeout: .now() + cellTimeout) == .timedOut { engine.interrupt() }
            }
        }
        defer { finished.signal() }
        return engine.execute(source, cellName: cellName, output: output)
    }

    /// Clears outputs and counts of every code cell, so a run starts from a clean page.
    public static func clearingOutputs(_ notebook: Notebook) -> Notebook {
        var notebook = notebook
        notebook.cells = notebook.cells.map { cell in
            guard cell["cell_type"] as? String == "code" else { return cell }
            var cell = cell
            cell["outputs"] = [Any]()
            cell["execution_count"] = NSNull()
            return cell
        }
        return notebook
    }
}
