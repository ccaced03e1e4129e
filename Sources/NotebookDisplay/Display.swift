import Foundation

/// Shows a value in the notebook output, in order with printed text.
/// `id` names the output so `updateDisplay` can replace it in place.
public func display(_ value: Any, id: String? = nil) {
    let bundle = MIMEBundle.of(value)
    if !NotebookHost.send(bundle.jsonObject(displayID: id, update: false)) {
        print(bundle.data["text/plain"] ?? "")
    }
}

/// Replaces the output shown earlier with `display(_:id:)` under the same id.
public func updateDisplay(_ value: Any, id: String) {
    let bundle = MIMEBundle.of(value)
    if !NotebookHost.send(bundle.jsonObject(displayID: id, update: true)) {
        print(bundle.data["text/plain"] ?? "")
    }
}

/// Shows a value in the frontend's pager (JupyterLab's help panel), like IPython's `page`.
/// Outside a kernel it is displayed like any other output.
public func page(_ value: Any) {
    let bundle = MIMEBundle.of(value)
    var message = bundle.jsonObject(displayID: nil, update: false)
    message["page"] = true
    if !NotebookHost.send(message) { print(bundle.data["text/plain"] ?? "") }
}

/// Clears the cell's output; with `wait`, only once new output arrives (no flicker).
public func clearOutput(wait: Bool = false) {
    _ = NotebookHost.clearOutput(wait: wait)
}

/// True when running inside a notebook worker rather than a plain program.
public var isRunningInNotebook: Bool { NotebookHost.isNotebook }

/// True once the user asked to interrupt the running cell. Long loops check it between steps.
public var isInterruptRequested: Bool { NotebookHost.interruptRequested }

/// Thrown by library loops (training, progress) that stop early on an interrupt.
public struct Interrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted by the user" }
}

/// Reads a line from the notebook's frontend (an `input_request`), or from stdin in a plain
/// program. Returns nil when the frontend does not allow input. Shadows the standard library's
/// `readLine` for every cell.
public func readLine(strippingNewline: Bool = true) -> String? {
    readLine(prompt: "", password: false, strippingNewline: strippingNewline)
}

/// `readLine` with a prompt shown by the frontend, optionally hiding what is typed.
public func readLine(prompt: String, password: Bool = false, strippingNewline: Bool = true) -> String? {
    if let answer = NotebookHost.readLine(prompt: prompt, password: password) { return answer }
    if !prompt.isEmpty { print(prompt, terminator: "") }
    return Swift.readLine(strippingNewline: strippingNewline)
}

/// Shows a cell's final expression. The cell engine wraps the last expression of a cell in
/// this call; the `Void` overload keeps statements such as `x += 1` silent.
public func _swiftnbShowResult<T>(_ value: T) {
    let bundle = MIMEBundle.of(value)
    if !NotebookHost.send(bundle.jsonObject(displayID: nil, update: false, result: true)) {
        print(bundle.data["text/plain"] ?? "")
    }
}

public func _swiftnbShowResult(_ value: Void) {}

/// A global `let x = try f()` cannot throw from its lazy initializer; the cell engine wraps
/// the initializer in this call, which reports the error as the cell's error.
public func _swiftnbInitGlobal<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch {
        _swiftnbFailCell(error)
    }
}

/// Tells the worker that the cell's global binding number `index` is initialised: if the cell
/// fails later, that global stays usable and the ones after it are forgotten.
public func _swiftnbBindingReady(_ index: Int) {
    NotebookHost.bindingReady(index)
}

/// `let x = await f()` at a cell's top level: waits on the cell's thread for the value.
public func _swiftnbInitGlobalAsync<T>(_ body: @escaping () async throws -> T) -> T {
    let outcome = AsyncWait.run(body)
    switch outcome {
    case .success(let value): return value
    case .failure(let error): _swiftnbFailCell(error)
    }
}

/// Runs a cell body that uses `await` at its top level, blocking the cell's thread until it ends.
public func _swiftnbRunAsync(_ body: @escaping () async throws -> Void) throws {
    try AsyncWait.run(body).get()
}

/// Waits for an async closure on the calling (cell) thread.
private final class AsyncWait<T>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    static func run(_ body: @escaping () async throws -> T) -> Result<T, Error> {
        let wait = AsyncWait<T>()
        Task.detached {
            do { wait.result = .success(try await body()) } catch { wait.result = .failure(error) }
            wait.done.signal()
        }
        wait.done.wait()
        return wait.result!
    }
}

/// Ends the running cell with `error`, as an uncaught top-level error would.
public func _swiftnbFailCell(_ error: Error) -> Never {
    typealias FailFunction = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Void
    let name = String(reflecting: type(of: error))
    let value = String(describing: error)
    if let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "swiftnb_host_fail_cell") {
        let fail = unsafeBitCast(address, to: FailFunction.self)
        name.withCString { n in value.withCString { v in fail(n, v) } }
    }
    fatalError("\(name): \(value)")
}

/// How a cell's entry point hands an uncaught error to the worker: "TypeName", 0x1F, description.
public func _swiftnbDescribeError(_ error: Error) -> UnsafeMutablePointer<CChar>? {
    strdup(String(reflecting: type(of: error)) + "\u{1F}" + String(describing: error))
}
