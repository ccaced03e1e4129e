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
        try link(object: object, library: library)
        return Result(diagnostics: diagnostics, library: library)
    }

    /// Links without the earlier cells: the worker loads every cell with RTLD_GLOBAL, so their
    /// symbols resolve at load time and link time does not grow with the history.
    private func link(object: String, library: String) throws {
        let autolink = try toolchain.run(toolchain.autolinkExtract, [object, "-o", "-"])
        let libraries = autolink.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let linked = try toolchain.run(toolchain.linker, [
            "-shared", "-o", library, toolchain.registrationObject, object,
            "-L", toolchain.runtimeLibraryDirectory, "-rpath", toolchain.runtimeLibraryDirectory,
        ] + libraries)
        guard linked.status == 0 else { throw CellEngineError.toolchainFailure("linking \(library): \(linked.stderr)") }
    }

    /// Type-checks a source without producing anything (used to warm caches).
    func typecheck(_ source: String) throws -> [Diagnostic] {
        let file = directory.appendingPathComponent("warmup.swift")
        try Data(source.utf8).write(to: file)
        let run = try toolchain.run(toolchain.frontend, ["-frontend", "-typecheck", file.path] + commonFlags + ["-module-name", "Warmup"])
        return Diagnostic.parseAll(run.stderr)
    }
}
