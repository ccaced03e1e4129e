import Foundation

/// Where the Swift compiler, linker and runtime pieces are, and how to run them.
public struct SwiftToolchain: Sendable {
    public var frontend: String
    public var autolinkExtract: String
    public var linker: String
    public var runtimeLibraryDirectory: String
    public var registrationObject: String
    public var targetTriple: String

    /// Finds the toolchain from `swiftc` on PATH (or `$SWIFTNB_SWIFTC`).
    public static func locate() throws -> SwiftToolchain {
        let environment = ProcessInfo.processInfo.environment
        guard let swiftc = environment["SWIFTNB_SWIFTC"] ?? findOnPath("swiftc", environment["PATH"] ?? "") else {
            throw CellEngineError.toolchainNotFound("no `swiftc` on PATH")
        }
        let binDirectory = URL(fileURLWithPath: resolveLinks(swiftc)).deletingLastPathComponent()
        let usr = binDirectory.deletingLastPathComponent()
        #if arch(x86_64)
        let (arch, triple) = ("x86_64", "x86_64-unknown-linux-gnu")
        #else
        let (arch, triple) = ("aarch64", "aarch64-unknown-linux-gnu")
        #endif
        let runtime = usr.appendingPathComponent("lib/swift/linux").path
        let toolchain = SwiftToolchain(
            frontend: binDirectory.appendingPathComponent("swift-frontend").path,
            autolinkExtract: binDirectory.appendingPathComponent("swift-autolink-extract").path,
            linker: FileManager.default.isExecutableFile(atPath: "/usr/bin/ld.gold") ? "/usr/bin/ld.gold" : binDirectory.appendingPathComponent("ld.lld").path,
            runtimeLibraryDirectory: runtime,
            registrationObject: "\(runtime)/\(arch)/swiftrt.o",
            targetTriple: triple)
        for tool in [toolchain.frontend, toolchain.linker] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw CellEngineError.toolchainNotFound(tool)
        }
        return toolchain
    }

    /// The compiler's version line, e.g. "6.3.1".
    public func version() -> String {
        guard let output = try? run(frontend, ["--version"]).stdout,
              let range = output.range(of: #"Swift version ([0-9.]+)"#, options: .regularExpression) else { return "unknown" }
        return String(output[range].dropFirst("Swift version ".count))
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ executable: String, _ arguments: [String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw CellEngineError.toolchainNotFound("\(executable): \(error)") }
        // Read both pipes concurrently so a chatty compiler cannot fill one and block.
        let errorReader = PipeReader(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errorReader.wait()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    private static func findOnPath(_ name: String, _ path: String) -> String? {
        path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func resolveLinks(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { link in
            link.hasPrefix("/") ? link : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(link).path
        } ?? path
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
