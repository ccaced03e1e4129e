import Foundation

// swiftnb-worker LIBRARY… — started by the cell engine, never by hand.
do {
    Worker.shared = try Worker()
    Worker.shared.run(preload: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("swiftnb-worker: \(error)\n".utf8))
    exit(1)
}
