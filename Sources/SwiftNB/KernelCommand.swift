import Foundation
import CellEngine
import JupyterProtocol

/// `swiftnb kernel -f CONNECTION_FILE`: what the kernelspec's argv runs.
enum KernelCommand {
    /// A kernel whose parent (the Jupyter server) died would run on unseen, holding its worker
    /// and memory: like ipykernel's parent poller, it stops when it is re-parented.
    static func stopWhenOrphaned(_ server: KernelServer) {
        let parent = getppid()
        let thread = Thread {
            while getppid() == parent { sleep(1) }
            printError("swiftnb kernel: the process that started this kernel is gone; shutting down")
            server.stop()
        }
        thread.stackSize = 1 << 16
        thread.start()
    }

    static func run(_ arguments: [String]) -> Int32 {
        guard let flag = arguments.firstIndex(where: { $0 == "-f" || $0 == "--connection-file" }),
              flag + 1 < arguments.count else {
            printError(Usage.text)
            return 2
        }
        do {
            let connection = try ConnectionInfo(contentsOf: URL(fileURLWithPath: arguments[flag + 1]))
            let engine = try CellEngine(configuration: .builtProducts(in: CellEngine.Configuration.productsOfThisExecutable()))
            let historyFile = ProcessInfo.processInfo.environment["SWIFTNB_HISTORY_FILE"].map { URL(fileURLWithPath: $0) }
                ?? History.defaultFile
            let kernel = SwiftKernel(engine: engine, history: History(file: historyFile))
            let server = try KernelServer(connection: connection, handler: kernel)
            stopWhenOrphaned(server)
            server.run()
            engine.shutdown()
            return 0
        } catch {
            printError("swiftnb kernel: \(error)")
            return 1
        }
    }
}
