import Foundation

// swiftnb — the Swift kernel for Jupyter, its headless notebook runner and its installer.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "kernel":
    exit(KernelCommand.run(Array(arguments.dropFirst())))
case "run":
    exit(RunCommand.run(Array(arguments.dropFirst())))
case "install":
    exit(InstallCommand.run(Array(arguments.dropFirst())))
case "--version", "version":
    print("swiftnb \(SwiftNBVersion.current)")
case "-h", "--help", "help":
    print(Usage.text)
default:
    FileHandle.standardError.write(Data("swiftnb: unknown command \(arguments.first.map { "'\($0)'" } ?? "(none)")\n\n\(Usage.text)\n".utf8))
    exit(2)
}

enum SwiftNBVersion {
    static let current = "0.1.0"
}

enum Usage {
    static let text = """
    usage:
      swiftnb run NOTEBOOK.ipynb [-o OUT.ipynb] [-p NAME VALUE]... [--allow-errors] [--timeout SECONDS] [--verbose]
          Executes the notebook's code cells in order and writes it with outputs (in place
          unless -o is given; saved after every cell). A cell running past --timeout is
          interrupted. Exit status 1 when a cell fails, 2 when the notebook is unreadable or
          cannot be saved, or a parameter does not fit its declared type.
      swiftnb install [--user | --sys-prefix | --prefix DIR] [--name NAME]
          Installs the Jupyter kernelspec (default --user), pointing at this build.
      swiftnb kernel -f CONNECTION_FILE
          Runs the kernel (Jupyter starts it this way).
    """
}

/// Writes a message to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
