import Foundation
import CellEngine

/// `swiftnb install [--user | --sys-prefix | --prefix DIR] [--name NAME]`: writes the Jupyter
/// kernelspec with argv pointing at this very binary, so the kernel finds the library it was
/// built with wherever the project lives.
enum InstallCommand {
    static func run(_ arguments: [String]) -> Int32 {
        var name = "swift"
        var base: URL?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--user": base = userDataDirectory
            case "--sys-prefix":
                guard let prefix = pythonPrefix() else {
                    printError("swiftnb install: --sys-prefix needs a python3 (the one with Jupyter) on PATH")
                    return 2
                }
                base = prefix.appendingPathComponent("share/jupyter")
            case "--prefix":
                guard let directory = rest.popFirst() else { printError(Usage.text); return 2 }
                base = URL(fileURLWithPath: directory).appendingPathComponent("share/jupyter")
            case "--name":
                guard let value = rest.popFirst() else { printError(Usage.text); return 2 }
                name = value
            default:
                printError(Usage.text)
                return 2
            }
        }
        let destination = (base ?? userDataDirectory).appendingPathComponent("kernels/\(name)")
        do {
            try install(at: destination, name: name)
            print("Installed the Swift kernelspec '\(name)' in \(destination.path)")
            return 0
        } catch {
            printError("swiftnb install: \(error)")
            return 1
        }
    }

    static func install(at destination: URL, name: String) throws {
        let products = CellEngine.Configuration.productsOfThisExecutable()
        let executable = products.appendingPathComponent("swiftnb").path
        let spec: [String: Any] = [
            "argv": [executable, "kernel", "-f", "{connection_file}"],
            "display_name": name == "swift" ? "Swift" : "Swift (\(name))",
            "language": "swift",
            "interrupt_mode": "signal",
            "metadata": ["debugger": false],
        ]
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        let json = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try json.write(to: destination.appendingPathComponent("kernel.json"), options: .atomic)
        for logo in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"] {
            guard let source = logoSource(logo, products: products) else { continue }
            let target = destination.appendingPathComponent(logo)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
    }

    /// The logos ship in the repository's kernelspec/swift folder, two levels above `.build/<config>`.
    private static func logoSource(_ file: String, products: URL) -> URL? {
        var directory = products
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("kernelspec/swift/\(file)")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static var userDataDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let data = environment["JUPYTER_DATA_DIR"] { return URL(fileURLWithPath: data) }
        let xdg = environment["XDG_DATA_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return xdg.appendingPathComponent("jupyter")
    }

    private static func pythonPrefix() -> URL? {
        if let virtualEnvironment = ProcessInfo.processInfo.environment["VIRTUAL_ENV"] { return URL(fileURLWithPath: virtualEnvironment) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let prefix = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !prefix.isEmpty ? URL(fileURLWithPath: prefix) : nil
    }
}
