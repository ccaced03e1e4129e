import Foundation
import CellEngine

/// Records a cell's output as nbformat outputs: streams merged, displays updated in place
/// (so a progress bar is saved in its final state, not as thousands of updates), and
/// `clear_output(wait:)` honoured.
final class OutputRecorder: CellOutputHandler {
    /// Outputs of every cell run so far, by cell index: a display update may target an earlier cell.
    private(set) var outputs: [Int: [[String: Any]]] = [:]
    private var displayLocations: [String: [(cell: Int, output: Int)]] = [:]
    private var pendingClear = false
    var currentCell = 0
    var executionCount = 0
    /// Mirrors output to the terminal as it arrives, for people watching a run.
    var echo: ((String) -> Void)?

    func cellStream(_ name: CellStream, _ text: String) {
        applyPendingClear()
        echo?(text)
        var list = outputs[currentCell] ?? []
        if var last = list.last, last["output_type"] as? String == "stream", last["name"] as? String == name.rawValue {
            last["text"] = (last["text"] as? String ?? "") + text
            list[list.count - 1] = last
        } else {
            list.append(["output_type": "stream", "name": name.rawValue, "text": text])
        }
        outputs[currentCell] = list
    }

    func cellDisplay(_ message: [String: Any]) {
        let data = message["data"] as? [String: Any] ?? [:]
        let metadata = message["metadata"] as? [String: Any] ?? [:]
        let displayID = (message["transient"] as? [String: Any])?["display_id"] as? String
        if message["update"] as? Bool == true {
            if let displayID { update(displayID, data: data, metadata: metadata) }
            return
        }
        applyPendingClear()
        var output: [String: Any] = ["data": data, "metadata": metadata]
        if message["result"] as? Bool == true {
            output["output_type"] = "execute_result"
            output["execution_count"] = executionCount
        } else {
            output["output_type"] = "display_data"
        }
        var list = outputs[currentCell] ?? []
        if let displayID { displayLocations[displayID, default: []].append((currentCell, list.count)) }
        list.append(output)
        outputs[currentCell] = list
    }

    func cellClearOutput(wait: Bool) {
        if wait { pendingClear = true } else { clear() }
    }

    /// A headless run has nobody to type: input is not allowed.
    func cellReadInput(prompt: String, password: Bool) -> String? { nil }

    func recordError(_ error: CellError) {
        applyPendingClear()
        outputs[currentCell, default: []].append([
            "output_type": "error", "ename": error.name, "evalue": error.value, "traceback": error.traceback,
        ])
    }

    private func update(_ displayID: String, data: [String: Any], metadata: [String: Any]) {
        for location in displayLocations[displayID] ?? [] {
            guard var list = outputs[location.cell], location.output < list.count else { continue }
            list[location.output]["data"] = data
            list[location.output]["metadata"] = metadata
            outputs[location.cell] = list
        }
    }

    private func applyPendingClear() {
        if pendingClear { clear() }
    }

    private func clear() {
        pendingClear = false
        outputs[currentCell] = []
        displayLocations = displayLocations.mapValues { $0.filter { $0.cell != currentCell } }
    }
}
