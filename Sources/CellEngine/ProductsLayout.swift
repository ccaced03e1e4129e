import Foundation

extension CellEngine.Configuration {
    /// The configuration for a SwiftPM build folder (e.g. `.build/release`): the worker,
    /// `lib<library>.so` and the `Modules` folder side by side, wherever the project was built.
    public static func builtProducts(in directory: URL, library: String = "Learn") throws -> CellEngine.Configuration {
        let worker = directory.appendingPathComponent("swiftnb-worker").path
        let preload = directory.appendingPathComponent("lib\(library).so").path
        for path in [worker, preload] where !FileManager.default.fileExists(atPath: path) {
            throw CellEngineError.workerFailure("\(path) is missing: build the project first (swift build -c release)")
        }
        return CellEngine.Configuration(
            toolchain: try SwiftToolchain.locate(),
            workerExecutable: worker,
            preloadLibraries: [preload],
            preludeModules: [library],
            moduleSearchPaths: [directory.appendingPathComponent("Modules").path])
    }

    /// The products folder of the running executable (found through /proc/self/exe).
    public static func productsOfThisExecutable() -> URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }
}
