// The CIFAR-10 copy that ships with the project (shared/data/cifar10-jpeg.tar.gz), unpacked
// and decoded once into a binary cache that later runs read in a fraction of a second.
import Foundation

extension CIFAR10 {
    /// sha256 of the published `cifar10-jpeg.tar.gz`.
    public static let bundledArchiveSHA256 = "3f1b4b3f536b680a09db098f83ee0613625a7987d10c61d0e3b9a551b663e53a"

    /// The CIFAR-10 copy bundled with the project. Nothing is downloaded.
    ///
    /// The first call verifies the archive's sha256, decompresses it into memory with
    /// `/bin/gzip` (or, without gzip, unpacks it with `/bin/tar` into a temporary folder of the
    /// cache), decodes its 60,000 JPEGs in parallel and writes them as the official binary batches (`data_batch_1.bin` … `test_batch.bin`, train images
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

    /// `$SWIFTNB_CIFAR10_ARCHIVE`, else the first `shared/data/cifar10-jpeg.tar.gz` in or above
    /// the project this library was built from (so `<project>/../shared/data/` too), else in or
    /// above the current folder.
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
        var starts = [project, manager.currentDirectoryPath]
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
        let cifar: (train: ImageDataset, test: ImageDataset)
        if manager.isExecutableFile(atPath: "/bin/gzip") {
            cifar = try decodeArchive(archive)
        } else {
            try runTool("/bin/tar", ["-xzf", archive, "-C", work])
            let unpacked = try CIFAR10(root: (work as NSString).appendingPathComponent("cifar10"))
            cifar = (unpacked.train, unpacked.test)
        }
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

    /// Decodes `cifar10/{train,test}/<class>/*.{jpg,png}` straight from a `.tar.gz`: `/bin/gzip`
    /// decompresses it into memory (about 90 MB for CIFAR-10), the tar records are read there
    /// and the images decoded in parallel, so none of the 60,000 files touches the disk.
    /// Images are ordered by class (CIFAR-10's label order), then by file name, as
    /// `CIFAR10(root:)` orders the unpacked folders.
    static func decodeArchive(_ archive: String) throws -> (train: ImageDataset, test: ImageDataset) {
        let stream = try runTool("/bin/gzip", ["-dc", archive])
        var entries: [[(label: Int, file: String, member: TarMember)]] = [[], []]
        for member in try tarMembers(stream, name: archive) {
            let parts = member.path.split(separator: "/").map(String.init)
            guard parts.count >= 3, let split = ["train", "test"].firstIndex(of: parts[parts.count - 3]),
                  let label = classNames.firstIndex(of: parts[parts.count - 2]),
                  imageExtensions.contains((parts[parts.count - 1] as NSString).pathExtension.lowercased())
            else { continue }
            entries[split].append((label, parts[parts.count - 1], member))
        }
        let datasets = try entries.map { found -> ImageDataset in
            let sorted = found.sorted { ($0.label, $0.file) < ($1.label, $1.file) }
            let names = sorted.map { "\(archive):\($0.member.path)" }
            var pixels = [UInt8](repeating: 0, count: sorted.count * imageBytes)
            try stream.withUnsafeBufferPointer { source in
                try pixels.withUnsafeMutableBufferPointer { target in
                    let base = target.baseAddress!
                    try decodeInParallel(count: sorted.count, name: { names[$0] },
                                         bytes: { Array(source[sorted[$0].member.contents]) }) { i, image in
                        guard image.width == side && image.height == side else {
                            throw DataError.corruptImage(path: names[i], reason: "is \(image.width)×\(image.height); CIFAR-10 images are 32×32")
                        }
                        interleavedToPlanes(image.pixels, into: base + i * imageBytes)
                    }
                }
            }
            let store = ImageStore(.uniform(height: side, width: side, bytes: pixels), sources: names)
            return ImageDataset(store: store, indices: Array(sorted.indices), labels: sorted.map(\.label),
                                classes: classNames)
        }
        return (datasets[0], datasets[1])
    }

    /// Runs a tool to completion and returns what it wrote to stdout.
    @discardableResult
    static func runTool(_ executable: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let command = ([executable] + arguments).joined(separator: " ")
        do { try process.run() } catch {
            throw DataError.toolFailed(command: command, status: -1, output: error.localizedDescription)
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataError.toolFailed(command: command, status: process.terminationStatus, output: "see its messages on a terminal")
        }
        return [UInt8](data)
    }
}
