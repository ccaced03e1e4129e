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
    }

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "-o", "--output":
                guard let path = rest.popFirst() else { return nil }
                options.output = path
            case "-p", "--parameter":
                guard let name = rest.popFirst(), let value = rest.popFirst() else { return nil }
                options.parameters.append((name, value))
            case "--allow-errors": options.allowErrors = true
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
        Parameters.inject(options.parameters, into: &notebook)
        let engine: CellEngine
        do { engine = try CellEngine(configuration: .builtProducts(in: CellEngine.Configuration.productsOfThisExecutable())) } catch {
            printError("swiftnb: cannot start the cell engine: \(error)")
            return 2
        }
        defer { engine.shutdown() }
        let runner = NotebookRunner(engine: engine)
        runner.allowErrors = options.allowErrors
        if options.verbose { runner.echo = { FileHandle.standardOutput.write(Data($0.utf8)) } }
        let report = runner.run(notebook)
        let destination = options.output ?? options.input
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
