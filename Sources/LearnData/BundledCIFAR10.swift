// The CIFAR-10 copy that ships with the project (shared/data/cifar10-jpeg.tar.gz), unpacked
// and decoded once into a binary cache that later runs read in a fraction of a second.
import Foundation

extension CIFAR10 {
    /// sha256 of the published `cifar10-jpeg.tar.gz`.
    public static let bundledArchiveSHA256 = "3f1b4b3f536b680a09db098f83ee0613625a7987d10c61d0e3b9a551b663e53a"

    /// The CIFAR-10 copy bundled with the project. Nothing is downloaded.
    ///
    /// The first call verifies the archive's sha256, unpacks it with `/bin/tar` into a
    /// temporary folder of the cache, decodes its 60,000 JPEGs in parallel and writes them as
    /// the official binary batches (`data_batch_1.bin` … `test_batch.bin`, train images
    /// ordered by class then file name) into `<cache>/cifar10-bin`, renamed into place only
    /// when complete. Later calls just read those files.
    ///
    /// - Parameters:
    ///   - archive: the `.tar.gz`; by default `$SWIFTNB_CIFAR10_ARCHIVE`, else
    ///     `shared/data/cifar10-jpeg.tar.gz` found beside or above the project or the
    ///     current folder.
    ///   - cacheDirectory: by default `$SWIFTNB_CACHE`, else `~/.cache/swiftnb`.
    public static func bundled(archive: String? = nil, cacheDirectory: String? = nil) throws -> CIFAR10 {
        try CIFAR10(root: bundledRoot(archive: archive, cacheDirectory: cacheDirectory))
    }

    /// The folder of binary batches made from the bundled archive (built on first use, as
    /// `bundled`), for `CIFAR10(root:)`: `let cifar = try CIFAR10(root: CIFAR10.bundledRoot())`.
    public static func bundledRoot(archive: String? = nil, cacheDirectory: String? = nil) throws -> String {
        let cache = cacheDirectory ?? defaultCacheDirectory()
        let binary = (cache as NSString).appendingPathComponent("cifar10-bin")
        if !isCompleteBinaryCache(binary) {
            let source = try archive ?? locateBundledArchive()
            try buildBinaryCache(archive: source, cache: cache, destination: binary)
        }
        return binary
    }

    /// `$SWIFTNB_CACHE`, else `~/.cache/swiftnb`.
    public static func defaultCacheDirectory() -> String {
        if let path = ProcessInfo.processInfo.environment["SWIFTNB_CACHE"], !path.isEmpty { return path }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swiftnb")
    }

    /// `$SWIFTNB_CIFAR10_ARCHIVE`, else the first `shared/data/cifar10-jpeg.tar.gz` beside or
    /// above the project this library was built from, or the current folder.
    public static func locateBundledArchive() throws -> String {
        let manager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SWIFTNB_CIFAR10_ARCHIVE"], !path.isEmpty {
            guard manager.fileExists(atPath: path) else { throw DataError.missingPath(path) }
            return path
        }
        let relative = "shared/data/cifar10-jpeg.tar.gz"
        // This file is <project>/Sources/LearnData/BundledCIFAR10.swift.
        let project = ((#filePath as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        var starts = [(project as NSString).deletingLastPathComponent, manager.currentDirectoryPath]
        var tried: [String] = []
        while let start = starts.first {
            starts.removeFirst()
            var folder = start
            while true {
                let candidate = (folder as NSString).appendingPathComponent(relative)
                if manager.fileExists(atPath: candidate) { return candidate }
                tried.append(candidate)
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder || parent.isEmpty { break }
                folder = parent
            }
        }
        throw DataError.missingPath("\(relative) (set SWIFTNB_CIFAR10_ARCHIVE; looked at \(tried.prefix(3).joined(separator: ", ")), …)")
    }

    static func isCompleteBinaryCache(_ folder: String) -> Bool {
        let expected = [(testFile, 10_000)] + trainFiles.map { ($0, 10_000) }
        return expected.allSatisfy { name, records in
            let path = (folder as NSString).appendingPathComponent(name)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            return size == records * recordBytes
        }
    }

    static func buildBinaryCache(archive: String, cache: String, destination: String) throws {
        let manager = FileManager.default
        let actual = try sha256Hex(ofFile: archive)
        guard actual == bundledArchiveSHA256 else {
            throw DataError.checksumMismatch(path: archive, expected: bundledArchiveSHA256, actual: actual)
        }
        let work = (cache as NSString).appendingPathComponent("cifar10-build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try manager.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw DataError.io(path: work, reason: error.localizedDescription)
        }
        defer { try? manager.removeItem(atPath: work) }
        try runTar(["-xzf", archive, "-C", work])
        let unpacked = (work as NSString).appendingPathComponent("cifar10")
        let cifar = try CIFAR10(root: unpacked)
        guard cifar.train.count == 50_000, cifar.test.count == 10_000 else {
            throw DataError.unrecognisedLayout(
                path: archive, reason: "holds \(cifar.train.count) training and \(cifar.test.count) test images, expected 50000 and 10000")
        }
        let built = (work as NSString).appendingPathComponent("cifar10-bin")
        do { try manager.createDirectory(atPath: built, withIntermediateDirectories: true) } catch {
            throw DataError.io(path: built, reason: error.localizedDescription)
        }
        try writeBatches(cifar.train, to: built, names: trainFiles, perFile: 10_000)
        try writeBatches(cifar.test, to: built, names: [testFile], perFile: 10_000)
        try? "Decoded from cifar10-jpeg.tar.gz, sha256 \(actual)\n"
            .write(toFile: (built as NSString).appendingPathComponent("SOURCE"), atomically: true, encoding: .utf8)
        // Another process may have finished first; its cache is as good as ours.
        if rename(built, destination) != 0 && !isCompleteBinaryCache(destination) {
            try? manager.removeItem(atPath: destination)
            guard rename(built, destination) == 0 else {
                throw DataError.io(path: destination, reason: String(cString: strerror(errno)))
            }
        }
    }

    static func runTar(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DataError.toolFailed(command: "/bin/tar", status: -1, output: error.localizedDescription)
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataError.toolFailed(command: "/bin/tar " + arguments.joined(separator: " "),
                                       status: process.terminationStatus,
                                       output: String(decoding: output, as: UTF8.self))
        }
    }
}
