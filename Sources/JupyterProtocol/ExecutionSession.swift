import Foundation

/// The ExecutionContext for one execute request: everything it publishes has that request as parent.
/// Thread-safe because the publisher and stdin channel are.
final class ExecutionSession: ExecutionContext {
    private let request: JupyterMessage
    private let executeRequest: ExecuteRequest
    private let publisher: IOPubPublisher
    private let stdin: StdinChannel
    private let payloadLock = NSLock()
    private var collectedPayloads: [[String: Any]] = []

    /// Payloads for the execute reply (pager content), in the order they were added.
    var payloads: [[String: Any]] {
        payloadLock.lock()
        defer { payloadLock.unlock() }
        return collectedPayloads
    }

    init(request: JupyterMessage, executeRequest: ExecuteRequest, publisher: IOPubPublisher, stdin: StdinChannel) {
        self.request = request
        self.executeRequest = executeRequest
        self.publisher = publisher
        self.stdin = stdin
    }

    /// Silent executions publish no outputs, as the spec requires.
    private func publishOutput(_ msgType: String, _ content: [String: Any]) {
        guard !executeRequest.silent else { return }
        publisher.publish(msgType, content: content, parent: request)
    }

    func stream(_ name: StreamName, _ text: String) {
        publishOutput("stream", ["name": name.rawValue, "text": text])
    }

    func displayData(_ data: [String: Any], metadata: [String: Any], transient: [String: Any], update: Bool) {
        publishOutput(update ? "update_display_data" : "display_data",
                      ["data": data, "metadata": metadata, "transient": transient])
    }

    func executeResult(_ data: [String: Any], metadata: [String: Any]) {
        publishOutput("execute_result",
                      ["execution_count": executeRequest.executionCount, "data": data, "metadata": metadata])
    }

    func clearOutput(wait: Bool) {
        publishOutput("clear_output", ["wait": wait])
    }

    func page(_ data: [String: Any]) {
        payloadLock.lock()
        defer { payloadLock.unlock() }
        collectedPayloads.append(["source": "page", "data": data, "start": 0])
    }

    func readInput(prompt: String, password: Bool) -> String? {
        guard executeRequest.allowStdin else { return nil }
        return stdin.requestInput(prompt: prompt, password: password, parent: request)
    }
}
