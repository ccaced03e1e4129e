// swift-tools-version:6.0
import PackageDescription

// Three layers, each in its own targets:
//   JupyterProtocol  — the Jupyter messaging protocol over ZeroMQ; knows nothing of Swift cells.
//   CellEngine       — compiles and runs cells in a worker process; knows nothing of Jupyter.
//   Learn            — the library every cell sees; knows nothing of notebooks but its display protocol.
// `swiftnb` (kernel, headless runner, installer) and `swiftnb-worker` wire them together.
let package = Package(
    name: "SwiftNB",
    products: [
        .executable(name: "swiftnb", targets: ["SwiftNB"]),
        .executable(name: "swiftnb-worker", targets: ["SwiftNBWorker"]),
        .library(name: "Learn", type: .dynamic, targets: ["Learn"]),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),

        .target(name: "JupyterProtocol", dependencies: ["CZeroMQ", "CCrypto"]),
        .target(name: "CellEngine"),
        .target(name: "CWorkerSupport"),
        .target(name: "NotebookDisplay"),
        // The library cells see is `Learn`, an umbrella over its parts.
        .target(name: "LearnCore", dependencies: ["NotebookDisplay", "COpenBLAS"]),
        .target(name: "LearnData", dependencies: ["LearnCore", "CTurboJPEG", "CPNG", "CCrypto"]),
        .target(name: "LearnPlot", dependencies: ["NotebookDisplay", "CPNG", "CFreeType"]),
        .target(name: "Learn", dependencies: ["NotebookDisplay", "LearnCore", "LearnData", "LearnPlot"]),

        .target(name: "HeadlessRunner", dependencies: ["CellEngine"]),
        .executableTarget(name: "SwiftNB", dependencies: ["JupyterProtocol", "CellEngine", "HeadlessRunner"]),
        .executableTarget(
            name: "SwiftNBWorker",
            dependencies: ["CellEngine", "CWorkerSupport"],
            // Cells and the preloaded library find the worker's host hooks with dlsym.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic"])]),

        .testTarget(name: "JupyterProtocolTests", dependencies: ["JupyterProtocol"]),
        .testTarget(name: "CellEngineTests", dependencies: ["CellEngine"]),
        .testTarget(name: "HeadlessRunnerTests", dependencies: ["HeadlessRunner", "CellEngine"]),
        .testTarget(name: "NotebookDisplayTests", dependencies: ["NotebookDisplay"]),
        .testTarget(name: "LearnCoreTests", dependencies: ["LearnCore"], exclude: ["Fixtures"]),
        .testTarget(name: "LearnDataTests", dependencies: ["LearnData"]),
        .testTarget(name: "LearnPlotTests", dependencies: ["LearnPlot"]),
        .testTarget(name: "LearnTests", dependencies: ["Learn"]),
    ],
    // Language mode 5: cells and the library use global mutable state the way notebooks do.
    swiftLanguageModes: [.v5]
)
