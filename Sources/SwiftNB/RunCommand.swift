import Foundation
import CellEngine
import HeadlessRunner

/// `swiftnb run NOTEBOOK [-o OUT] [-p NAME VALUE]… [--allow-errors] [--verbose]`
enum RunCommand {
    struct Options {
        var input = ""
        var output: String?
        var parameters: [(name: String, value: String)] = []
        var allowErrors = false
        var verbose = false
        var cellTimeout: Double?
    }

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "-o", "--output":
                guard let path = rest.popFirst() else { printError("swiftnb run: -o needs a file name"); return nil }
                options.output = path
            case "-p", "--parameter":
                guard let name = rest.popFirst(), let value = rest.popFirst() else {
                    printError("swiftnb run: -p needs a NAME and a VALUE")
                    return nil
                }
                options.parameters.append((name, value))
            case "--allow-errors": options.allowErrors = true
            case "--timeout":
                guard let text = rest.popFirst(), let seconds = Double(text), seconds > 0 else {
                    printError("swiftnb run: --timeout needs a number of seconds")
                    return nil
                }
                options.cellTimeout = seconds
            case "-v", "--verbose": options.verbose = true
            default:
                guard options.input.isEmpty, !argument.hasPrefix("-") else { return nil }
                options.input = argument
            }
        }
        return options.input.isEmpty ? nil : options
    }

    static func run(_ arguments: [String]) -> Int32 {
        guard let options = parse(arguments) else {
            printError(Usage.text)
            return 2
        }
        var notebook: Notebook
        do { notebook = try Notebook(contentsOf: options.input) } catch {
            printError("swiftnb: \(error)")
            return 2
        }
        let destination = options.output ?? options.input
        if let problem = Notebook.problemWriting(to: destination) {
            printError("swiftnb: cannot save the executed notebook: \(problem)")
            return 2
        }
        let mismatches = Parameters.mismatches(options.parameters, in: notebook)
        guard mismatches.isEmpty else {
            mismatches.forEach { printError("swiftnb: \(options.input): \($0)") }
            return 2
        }
        for warning in Parameters.inject(options.parameters, into: &notebook) { printError("swiftnb: warning: \(warning)") }
        let engine: CellEngine
        do { engine = try CellEngine(configuration: .builtProducts(in: CellEngine.Configuration.productsOfThisExecutable())) } catch {
            printError("swiftnb: cannot start the cell engine: \(error)")
            return 2
        }
        defer { engine.shutdown() }
        let runner = NotebookRunner(engine: engine)
        runner.allowErrors = options.allowErrors
        runner.cellTimeout = options.cellTimeout
        // Progress is saved after every cell (atomically), so a run that is killed still leaves
        // the outputs of the cells it finished, as papermill does.
        runner.afterEachCell = { try? $0.write(to: destination) }
        if options.verbose { runner.echo = { FileHandle.standardOutput.write(Data($0.utf8)) } }
        let report = runner.run(notebook)
        do { try report.notebook.write(to: destination) } catch {
            printError("swiftnb: \(error)")
            return 2
        }
        if let failure = report.failure {
            printError("swiftnb: \(options.input): cell \(failure.cell + 1) failed:\n" + failure.error.traceback.joined(separator: "\n"))
            return 1
        }
        return 0
    }
}
