import Foundation

/// Compiles one cell's generated source into a shared library with the compiler's frontend
/// and the system linker directly: the `swiftc` driver would add two process launches.
struct CellCompiler {
    let toolchain: SwiftToolchain
    let directory: URL
    let searchPaths: [String]

    struct Result {
        var diagnostics: [Diagnostic]
        var library: String?
    }

    private var commonFlags: [String] {
        ["-target", toolchain.targetTriple, "-disable-objc-interop", "-enable-testing", "-swift-version", "5",
         "-Onone", "-parse-as-library", "-diagnostic-style=llvm", "-suppress-warnings"]
            + searchPaths.flatMap { ["-I", $0] }
    }

    func compile(_ source: String, module: String) throws -> Result {
        let sourceFile = directory.appendingPathComponent("\(module).swift")
        let object = directory.appendingPathComponent("\(module).o").path
        let library = directory.appendingPathComponent("lib\(module).so").path
        try Data(source.utf8).write(to: sourceFile)
        let frontend = try toolchain.run(toolchain.frontend, ["-frontend", "-c", "-primary-file", sourceFile.path] + commonFlags + [
            "-module-name", module,
            "-emit-module-path", directory.appendingPathComponent("\(module).swiftmodule").path,
            "-o", object,
        ])
        let diagnostics = Diagnostic.parseAll(frontend.stderr)
        guard frontend.status == 0 else {
            if diagnostics.isEmpty { throw CellEngineError.toolchainFailure(frontend.stderr) }
            return Result(diagnostics: diagnostics, library: nil)
        }
        try link(module: module, withLibraries: false)
        return Result(diagnostics: diagnostics, library: library)
    }

    /// Links a compiled cell. Neither earlier cells nor the runtime libraries are linked by
    /// default: the worker loads everything with RTLD_GLOBAL, so symbols resolve at load time,
    /// link time stays ~10 ms and does not grow with the history. A cell that imports a library
    /// the worker has not loaded yet fails to load; it is then relinked `withLibraries`, the
    /// ones the compiler recorded for autolinking, which makes the loader bring them in.
    func link(module: String, withLibraries: Bool) throws {
        let object = directory.appendingPathComponent("\(module).o").path
        let library = directory.appendingPathComponent("lib\(module).so").path
        var libraries: [String] = []
        if withLibraries {
            let autolink = try toolchain.run(toolchain.autolinkExtract, [object, "-o", "-"])
            libraries = ["-L", toolchain.runtimeLibraryDirectory, "-rpath", toolchain.runtimeLibraryDirectory]
                + autolink.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        // A fresh file name: the loader must not reuse an earlier, failed load of this library.
        let temporary = library + ".tmp"
        let linked = try toolchain.run(toolchain.linker, ["-shared", "-o", temporary, toolchain.registrationObject, object] + libraries)
        guard linked.status == 0 else { throw CellEngineError.toolchainFailure("linking \(library): \(linked.stderr)") }
        _ = rename(temporary, library)
    }

    /// Type-checks a source without producing anything (used to warm caches).
    func typecheck(_ source: String) throws -> [Diagnostic] {
        let file = directory.appendingPathComponent("typecheck-\(UUID().uuidString).swift")
        try Data(source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try toolchain.run(toolchain.frontend, ["-frontend", "-typecheck", file.path] + commonFlags + ["-module-name", "Typecheck"])
        return Diagnostic.parseAll(run.stderr)
    }
}
