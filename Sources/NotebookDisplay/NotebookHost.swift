import Foundation

/// The tiny protocol between the library and whatever runs it. In the SwiftNB worker these
/// C symbols exist (exported by the worker executable); in a plain program they do not, and
/// everything falls back to the terminal.
enum NotebookHost {
    private typealias DisplayFunction = @convention(c) (UnsafePointer<CChar>) -> Void
    private typealias ClearFunction = @convention(c) (Int32) -> Void
    private typealias ReadLineFunction = @convention(c) (UnsafePointer<CChar>, Int32) -> UnsafeMutablePointer<CChar>?
    private typealias FlagFunction = @convention(c) () -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        // RTLD_DEFAULT is the null handle on glibc.
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    private static let displayFunction = symbol("swiftnb_host_display", as: DisplayFunction.self)
    private static let clearFunction = symbol("swiftnb_host_clear_output", as: ClearFunction.self)
    private static let readLineFunction = symbol("swiftnb_host_read_line", as: ReadLineFunction.self)
    private static let interruptFunction = symbol("swiftnb_host_interrupt_requested", as: FlagFunction.self)

    /// True inside a notebook worker: rich output is possible.
    static var isNotebook: Bool { displayFunction != nil }

    /// Sends one display message; false when there is no notebook to send it to.
    static func send(_ object: [String: Any]) -> Bool {
        guard let displayFunction,
              let json = try? JSONSerialization.data(withJSONObject: object),
              let text = String(data: json, encoding: .utf8) else { return false }
        fflush(stdout)
        text.withCString { displayFunction($0) }
        return true
    }

    static func clearOutput(wait: Bool) -> Bool {
        guard let clearFunction else { return false }
        fflush(stdout)
        clearFunction(wait ? 1 : 0)
        return true
    }

    /// Asks the frontend for a line. nil: there is no host (read the terminal instead).
    static func readLine(prompt: String, password: Bool) -> String?? {
        guard let readLineFunction else { return .none }
        fflush(stdout)
        guard let reply = prompt.withCString({ readLineFunction($0, password ? 1 : 0) }) else { return .some(nil) }
        defer { free(reply) }
        return .some(String(cString: reply))
    }

    static var interruptRequested: Bool { (interruptFunction?() ?? 0) != 0 }

    private typealias IndexFunction = @convention(c) (Int) -> Void
    private static let bindingReadyFunction = symbol("swiftnb_host_binding_ready", as: IndexFunction.self)

    static func bindingReady(_ index: Int) { bindingReadyFunction?(index) }
}
