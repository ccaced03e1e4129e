import Foundation

/// Compiles each cell into its own module and runs it in a long-lived worker process, so
/// state persists from cell to cell. Knows nothing of Jupyter: the kernel, the headless runner
/// and the tests all drive it.
public final class CellEngine {
    public struct Configuration {
        public var toolchain: SwiftToolchain
        /// The `swiftnb-worker` executable.
        public var workerExecutable: String
        /// Shared libraries the worker loads before any cell (the preloaded library).
        public var preloadLibraries: [String]
        /// Modules every cell imports, e.g. ["Learn"], and where their .swiftmodule files are.
        public var preludeModules: [String]
        public var moduleSearchPaths: [String]
        /// Where cell sources and libraries go; a fresh temporary folder by default.
        public var workDirectory: URL?
        /// Seconds an interrupted cell gets to stop before the worker is restarted.
        public var interruptGrace: Double = 5

        public init(toolchain: SwiftToolchain, workerExecutable: String, preloadLibraries: [String],
                    preludeModules: [String], moduleSearchPaths: [String], workDirectory: URL? = nil) {
            self.toolchain = toolchain
            self.workerExecutable = workerExecutable
            self.preloadLibraries = preloadLibraries
            self.preludeModules = preludeModules
            self.moduleSearchPaths = moduleSearchPaths
            self.workDirectory = workDirectory
        }
    }

    public let configuration: Configuration
    let workDirectory: URL
    let compiler: CellCompiler
    let parser: CellParser
    private var worker: WorkerProcess
    private var names = NameTable()
    private var cellCounter = 0
    /// Source of each live declaration, for `inspect`.
    private var declarationSources: [String: String] = [:]
    /// Members that cells declared for each type, in its declaration and in extensions.
    private var typeMembers: [String: [String]] = [:]
    /// How many of the running cell's global bindings were initialised (from the worker).
    private var bindingsReady = 0
    private let stateLock = NSLock()
    private var interruptedAt: Date?
    /// A cell is being compiled or run.
    private var running = false
    /// The worker has been told to run the current cell.
    private var workerRunning = false

    public init(configuration: Configuration) throws {
        // Writing to a worker that has died must fail with EPIPE, not kill the host process.
        signal(SIGPIPE, SIG_IGN)
        self.configuration = configuration
        let directory = configuration.workDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("swiftnb-\(getpid())-\(UUID().uuidString.prefix(8))")
        Self.removeAbandonedWorkDirectories()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        workDirectory = directory
        parser = CellParser(toolchain: configuration.toolchain, workDirectory: directory)
        compiler = CellCompiler(toolchain: configuration.toolchain, directory: directory,
                                searchPaths: configuration.moduleSearchPaths + [directory.path])
        worker = try Self.startWorker(configuration)
        warmUp()
    }

    deinit { shutdown() }

    /// Runs one cell. `cellName` is how diagnostics name it, e.g. "In[3]".
    public func execute(_ code: String, cellName: String, output: CellOutputHandler) -> CellOutcome {
        stateLock.lock()
        running = true
        interruptedAt = nil
        stateLock.unlock()
        defer {
            stateLock.lock()
            running = false
            workerRunning = false
            stateLock.unlock()
        }
        do {
            return try compileAndRun(code, cellName: cellName, output: output)
        } catch let error as CellError {
            return .failure(error)
        } catch {
            return .failure(CellError(kind: .compile, name: "EngineError", value: "\(error)", traceback: ["\(error)"], stateLost: false))
        }
    }

    /// Asks the running cell to stop: the library's loops see the flag, anything else is
    /// stopped by the worker, and as a last resort the worker is restarted.
    public func interrupt() {
        stateLock.lock()
        defer { stateLock.unlock() }
        guard running else { return }
        if interruptedAt == nil { interruptedAt = Date() }
        // While compiling, the flag alone stops the cell before it runs.
        if workerRunning { try? worker.channel.send(["type": "interrupt"]) }
    }

    /// Stops the worker; the engine cannot run cells afterwards.
    public func shutdown() {
        worker.terminate()
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Loses every variable and starts a fresh worker.
    public func restart() throws {
        worker.terminate()
        worker = try Self.startWorker(configuration)
        names = NameTable()
        declarationSources = [:]
        typeMembers = [:]
    }

    /// Names defined by earlier cells that are still live.
    public var liveNames: [String] { names.liveNames.map(\.name) }

    /// The source of the declaration of a cell-defined name.
    public func declaration(of name: String) -> String? { declarationSources[name] }

    /// Members that cells declared for a type (its own declaration and extensions).
    public func members(ofType type: String) -> [String] { typeMembers[type] ?? [] }

    /// The static type of an expression in the context of the live cells, e.g. "[Int]" or
    /// "Tensor", found by type-checking it against `Never` and reading the compiler's message.
    public func typeName(of expression: String) -> String? {
        let source = (configuration.preludeModules.map { "import \($0)" } + names.importLines() + names.userImports)
            .joined(separator: "\n") + "\nfunc __swiftnbProbe() {\n    let _: Never = (\(expression))\n}\n"
        guard let diagnostics = try? compiler.typecheck(source) else { return nil }
        let pattern = "cannot convert value of type '"
        for diagnostic in diagnostics where diagnostic.message.hasPrefix(pattern) {
            let rest = diagnostic.message.dropFirst(pattern.count)
            if let end = rest.range(of: "' to specified type 'Never'") { return String(rest[..<end.lowerBound]) }
        }
        return nil
    }

    // MARK: - Running a cell

    private func compileAndRun(_ code: String, cellName: String, output: CellOutputHandler) throws -> CellOutcome {
        if let how = worker.exitedSinceLastCell() {
            // E.g. a background thread of an earlier cell crashed after that cell ended.
            try restart()
            let message = "\(how) after the previous cell ended (a background thread may have crashed); it has been restarted, and all variables from earlier cells are lost"
            return .failure(CellError(kind: .workerLost, name: "WorkerRestarted", value: message, traceback: ["WorkerRestarted: \(message)"], stateLost: true))
        }
        let parsed = try parser.parse(code)
        if let failure = CompileDiagnostics.error(parsed.diagnostics, cell: code, cellName: cellName, shifts: [:]) {
            return .failure(failure)
        }
        if parsed.items.isEmpty { return .success }
        cellCounter += 1
        let module = "Cell\(cellCounter)"
        let cellBytes = Array(code.utf8)
        let generator = CellSourceGenerator(moduleName: module, entrySymbol: "swiftnb_cell_\(cellCounter)", cellName: cellName,
                                            preludeModules: configuration.preludeModules,
                                            importLines: names.importLines(redefining: Self.declaredNames(parsed.items)) + names.userImports)
        let generated = generator.generate(cellBytes, items: parsed.items)
        let compiled = try compiler.compile(generated.source, module: module)
        if let failure = CompileDiagnostics.error(compiled.diagnostics, cell: code, cellName: cellName, shifts: generated.columnShifts) {
            return .failure(failure)
        }
        guard let library = compiled.library else {
            throw CellError(kind: .compile, name: "CompileError", value: "the compiler failed without a message", traceback: [], stateLost: false)
        }
        var outcome = try run(library: library, entry: generated.entrySymbol, output: output)
        if case .failure(let error) = outcome, error.name == "LoadError", error.value.contains("undefined symbol") {
            try compiler.link(module: module, withLibraries: true)
            outcome = try run(library: library, entry: generated.entrySymbol, output: output)
        }
        if outcome.error?.stateLost != true {
            // A global whose initialiser never finished must not be reachable: its lazy
            // initialisation lock is held by the stopped thread, and reading it would hang.
            let ready = outcome.error == nil ? Int.max : bindingsReady
            register(module, items: parsed.items, cell: cellBytes, bindingsReady: ready)
        }
        return outcome
    }

    /// Every name a cell declares, so that its imports can leave earlier definitions out.
    static func declaredNames(_ items: [CellItem]) -> Set<String> {
        var names = Set<String>()
        for item in items {
            switch item.kind {
            case .binding(let bound): names.formUnion(bound)
            case .declaration(_, let name): names.insert(name)
            default: break
            }
        }
        return names
    }

    /// Registers what a cell defined; only the first `bindingsReady` global bindings, when the
    /// cell failed part-way.
    private func register(_ module: String, items: [CellItem], cell: [UInt8], bindingsReady: Int) {
        var declarations: [(kind: DeclarationKind, name: String)] = []
        var members: [String] = []
        var imports: [String] = []
        var bindingIndex = 0
        var hidesNames = false
        for item in items {
            let text = SourceText.string(cell, item.range)
            switch item.kind {
            case .binding(let bound):
                defer { bindingIndex += 1 }
                guard bindingIndex < bindingsReady else {
                    hidesNames = true
                    continue
                }
                for name in bound {
                    declarations.append((.var, name))
                    declarationSources[name] = text
                }
            case .declaration(let kind, let name):
                declarations.append((kind, name))
                declarationSources[name] = text
                typeMembers[name] = item.members
            case .extensionOf(let type, let names):
                members += names.map { "\(type).\($0)" }
                typeMembers[type, default: []] += names.filter { !(typeMembers[type] ?? []).contains($0) }
            case .importDecl:
                imports.append(text)
            case .statement, .otherDeclaration:
                break
            }
        }
        names.register(NameTable.Module(name: module, declarations: declarations, members: members, hidesNames: hidesNames),
                       imports: imports)
    }

    /// Loads the cell's library into the worker, runs it, and forwards its events.
    private func run(library: String, entry: String, output: CellOutputHandler) throws -> CellOutcome {
        switch startRun(library: library, entry: entry) {
        case .interrupted:
            return .failure(CellError(kind: .interrupted, name: "KeyboardInterrupt", value: "the cell was interrupted before it ran",
                                      traceback: ["KeyboardInterrupt: the cell was interrupted before it ran"], stateLost: false))
        case .workerGone:
            return try workerLost(output: output)
        case .started:
            break
        }
        while true {
            if !worker.waitForEvent(timeout: 0.2) {
                if interruptOverdue() { return try restartAfterInterrupt() }
                continue
            }
            guard let event = try? worker.channel.receive() else { return try workerLost(output: output) }
            if let outcome = handle(event, output: output) { return outcome }
        }
    }

    private enum RunStart { case started, interrupted, workerGone }

    /// Sends "run" unless an interrupt came during compilation; from then on `interrupt()`
    /// forwards interrupts to the worker, which sees them in order after "run".
    private func startRun(library: String, entry: String) -> RunStart {
        stateLock.lock()
        defer { stateLock.unlock() }
        if interruptedAt != nil { return .interrupted }
        guard (try? worker.channel.send(["type": "run", "library": library, "entry": entry])) != nil else { return .workerGone }
        workerRunning = true
        return .started
    }

    /// Forwards one worker event; returns the outcome once the cell is done.
    private func handle(_ event: [String: Any], output: CellOutputHandler) -> CellOutcome? {
        switch event["type"] as? String {
        case "stream":
            let stream = CellStream(rawValue: event["name"] as? String ?? "") ?? .stdout
            output.cellStream(stream, event["text"] as? String ?? "")
        case "display":
            output.cellDisplay(event)
        case "clear":
            output.cellClearOutput(wait: event["wait"] as? Bool ?? false)
        case "input_request":
            let answer = output.cellReadInput(prompt: event["prompt"] as? String ?? "", password: event["password"] as? Bool ?? false)
            try? worker.channel.send(["type": "input_reply", "value": answer as Any? ?? NSNull()])
        case "done":
            bindingsReady = event["bindings_ready"] as? Int ?? 0
            return WorkerOutcome.outcome(of: event)
        default:
            break
        }
        return nil
    }

    private func interruptOverdue() -> Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        guard let interruptedAt else { return false }
        return Date().timeIntervalSince(interruptedAt) > configuration.interruptGrace
    }

    private func restartAfterInterrupt() throws -> CellOutcome {
        try restart()
        let message = "the cell did not stop within \(Int(configuration.interruptGrace)) s, so the worker was restarted; variables from earlier cells are lost"
        return .failure(CellError(kind: .interrupted, name: "KeyboardInterrupt", value: message, traceback: ["KeyboardInterrupt: \(message)"], stateLost: true))
    }

    private func workerLost(output: CellOutputHandler) throws -> CellOutcome {
        let how = worker.exitDescription()
        try restart()
        let message = "\(how) while running this cell; it has been restarted, and all variables from earlier cells are lost"
        return .failure(CellError(kind: .workerLost, name: "WorkerRestarted", value: message, traceback: ["WorkerRestarted: \(message)"], stateLost: true))
    }

    // MARK: - Worker start

    private static func startWorker(_ configuration: Configuration) throws -> WorkerProcess {
        var environment = ProcessInfo.processInfo.environment
        // The runtime's own backtracer would catch traps before the worker can.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let worker = try WorkerProcess(executable: configuration.workerExecutable,
                                       arguments: configuration.preloadLibraries, environment: environment)
        guard worker.waitForEvent(timeout: 30), let ready = try worker.channel.receive(), ready["type"] as? String == "ready" else {
            let how = worker.exitDescription()
            worker.terminate()
            throw CellEngineError.workerFailure("the worker did not start: \(how)")
        }
        if let failure = ready["error"] as? String {
            worker.terminate()
            throw CellEngineError.workerFailure(failure)
        }
        return worker
    }

    /// Kernels killed without a shutdown leave their `swiftnb-<pid>-…` folders behind.
    private static func removeAbandonedWorkDirectories() {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("swiftnb-") {
            let parts = name.split(separator: "-")
            guard parts.count == 3, let pid = Int32(parts[1]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    /// Loads the prelude's modules once in the background, so the first cell compiles fast.
    private func warmUp() {
        let compiler = self.compiler, prelude = configuration.preludeModules
        DispatchQueue.global(qos: .utility).async {
            _ = try? compiler.typecheck(prelude.map { "import \($0)" }.joined(separator: "\n") + "\n")
        }
    }
}
