// CIFAR-10 from either layout users have on disk: the official binary batches or class
// folders of images.
import Foundation

/// CIFAR-10 (Krizhevsky, 2009): 50,000 training and 10,000 test images, 32×32, 10 classes.
///
///     let cifar = try CIFAR10(root: "data/cifar-10-batches-bin")   // or a folder of class folders
///     cifar.train.count      // 50000
///     cifar.classes[3]       // "cat"
///
/// Labels follow CIFAR-10's own order (airplane, automobile, bird, cat, deer, dog, frog,
/// horse, ship, truck) whichever layout was read.
public struct CIFAR10 {
    /// CIFAR-10's class names in label order.
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]
    static let side = 32
    static let imageBytes = 3 * 32 * 32
    static let recordBytes = 1 + imageBytes
    static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
    static let testFile = "test_batch.bin"

    /// How the data was stored on disk.
    public enum Layout: String {
        /// `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`.
        case binaryBatches
        /// `train/<class>/*.jpg|png` and `test/<class>/*.jpg|png`.
        case imageFolders
    }

    public let train: ImageDataset
    public let test: ImageDataset
    /// The folder that was read.
    public let root: String
    public let layout: Layout
    public var classes: [String] { CIFAR10.classNames }

    /// Reads CIFAR-10 from `root`, which holds either the binary batches or `train/` and
    /// `test/` class folders; a folder containing `cifar-10-batches-bin/` or `cifar10/` is
    /// accepted too. Binary records keep their file order; folder images are ordered by
    /// class, then by file name.
    ///
    /// Errors: `DataError.missingPath` (no root, or a missing batch file),
    /// `.unrecognisedLayout`, `.badRecordFile` (size not a multiple of 3,073 bytes, label > 9),
    /// and for folders those of `ImageFolder` plus `.corruptImage` for an image not 32×32.
    public init(root: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
            throw DataError.missingPath(root)
        }
        guard isFolder.boolValue else { throw DataError.io(path: root, reason: "is a file, not a folder") }
        let folder = CIFAR10.locate(root)
        self.root = folder.path
        self.layout = folder.layout
        switch folder.layout {
        case .binaryBatches:
            train = try CIFAR10.readBatches(CIFAR10.trainFiles.map { (folder.path as NSString).appendingPathComponent($0) })
            test = try CIFAR10.readBatches([(folder.path as NSString).appendingPathComponent(CIFAR10.testFile)])
        case .imageFolders:
            train = try CIFAR10.readFolder((folder.path as NSString).appendingPathComponent("train"))
            test = try CIFAR10.readFolder((folder.path as NSString).appendingPathComponent("test"))
        }
    }

    /// Finds the layout in `root` or in its usual subfolders.
    static func locate(_ root: String) -> (path: String, layout: Layout) {
        let manager = FileManager.default
        for candidate in [root, (root as NSString).appendingPathComponent("cifar-10-batches-bin"),
                          (root as NSString).appendingPathComponent("cifar10")] {
            if manager.fileExists(atPath: (candidate as NSString).appendingPathComponent(trainFiles[0]))
                || manager.fileExists(atPath: (candidate as NSString).appendingPathComponent(testFile)) {
                return (candidate, .binaryBatches)
            }
            if manager.fileExists(atPath: (candidate as NSString).appendingPathComponent("train")) {
                return (candidate, .imageFolders)
            }
        }
        // Neither: report it as binary batches, whose first missing file names the problem.
        return (root, .binaryBatches)
    }

    /// Reads whole binary batch files: each record is a label byte then the red, green and
    /// blue 32×32 planes, which is exactly the store's planar layout.
    static func readBatches(_ paths: [String]) throws -> ImageDataset {
        var contents: [[UInt8]] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                throw DataError.unrecognisedLayout(
                    path: (path as NSString).deletingLastPathComponent,
                    reason: "expected the binary batches (\((path as NSString).lastPathComponent) is missing) or train/ and test/ class folders")
            }
            let bytes = try readFile(path)
            guard !bytes.isEmpty, bytes.count % recordBytes == 0 else {
                throw DataError.badRecordFile(
                    path: path, reason: "\(bytes.count) bytes is not a whole number of \(recordBytes)-byte records")
            }
            contents.append(bytes)
        }
        let total = contents.reduce(0) { $0 + $1.count / recordBytes }
        var pixels = [UInt8](repeating: 0, count: total * imageBytes)
        var labels = [Int](repeating: 0, count: total)
        var firstRecords: [(start: Int, file: String)] = []
        var n = 0
        for (path, bytes) in zip(paths, contents) {
            let records = bytes.count / recordBytes
            try bytes.withUnsafeBufferPointer { source in
                try pixels.withUnsafeMutableBufferPointer { target in
                    for r in 0..<records {
                        let label = Int(source[r * recordBytes])
                        guard label < classNames.count else {
                            throw DataError.badRecordFile(path: path, reason: "record \(r) has label \(label); CIFAR-10 labels are 0...9")
                        }
                        labels[n + r] = label
                        let from = source.baseAddress! + r * recordBytes + 1
                        (target.baseAddress! + (n + r) * imageBytes).update(from: from, count: imageBytes)
                    }
                }
            }
            firstRecords.append((n, (path as NSString).lastPathComponent))
            n += records
        }
        let store = ImageStore(.uniform(height: side, width: side, bytes: pixels)) { i in
            let file = firstRecords.last { $0.start <= i }!
            return "\(file.file) record \(i - file.start)"
        }
        return ImageDataset(store: store, indices: Array(0..<total), labels: labels, classes: classNames)
    }

    /// Reads `folder/<class>/…` images (32×32) into one uniform store; class folders must be
    /// CIFAR-10 class names, and each label is the class's CIFAR-10 label.
    static func readFolder(_ folder: String) throws -> ImageDataset {
        let found = try classFolders(folder)
        if let stranger = found.first(where: { !classNames.contains($0) }) {
            throw DataError.unrecognisedLayout(
                path: folder, reason: "class folder \"\(stranger)\" is not a CIFAR-10 class (\(classNames.joined(separator: ", ")))")
        }
        let (files, labels) = try classImageFiles(in: folder, classes: classNames.enumerated().filter { found.contains($0.element) })
        var pixels = [UInt8](repeating: 0, count: files.count * imageBytes)
        try pixels.withUnsafeMutableBufferPointer { target in
            let base = target.baseAddress!
            try decodeInParallel(files) { i, image in
                guard image.width == side && image.height == side else {
                    throw DataError.corruptImage(path: files[i], reason: "is \(image.width)×\(image.height); CIFAR-10 images are 32×32")
                }
                interleavedToPlanes(image.pixels, into: base + i * imageBytes)
            }
        }
        let store = ImageStore(.uniform(height: side, width: side, bytes: pixels), sources: files)
        return ImageDataset(store: store, indices: Array(files.indices), labels: labels, classes: classNames)
    }

    /// Writes a data set of 32×32 images as CIFAR-10 binary batch files of at most
    /// `perFile` records each, named `names` in order; each file is written to a temporary
    /// name and renamed into place.
    static func writeBatches(_ dataset: ImageDataset, to folder: String, names: [String], perFile: Int) throws {
        for (f, name) in names.enumerated() {
            let range = (f * perFile)..<min(dataset.count, (f + 1) * perFile)
            var bytes = [UInt8]()
            bytes.reserveCapacity(range.count * recordBytes)
            for i in range {
                let planes = dataset.planes(i)
                precondition(planes.height == side && planes.width == side && planes.channels == 3)
                bytes.append(UInt8(dataset.labels[i]))
                bytes += planes.values
            }
            try writeAtomically(bytes, to: (folder as NSString).appendingPathComponent(name))
        }
    }
}

extension CIFAR10: CustomStringConvertible {
    public var description: String {
        "CIFAR10(train: \(train.count) images, test: \(test.count) images, \(layout.rawValue) at \(root))"
    }
}

/// Interleaved RGB (HWC) bytes to three planes at `target`.
func interleavedToPlanes(_ pixels: [UInt8], into target: UnsafeMutablePointer<UInt8>) {
    let plane = pixels.count / 3
    pixels.withUnsafeBufferPointer { source in
        for i in 0..<plane {
            target[i] = source[3 * i]
            target[plane + i] = source[3 * i + 1]
            target[2 * plane + i] = source[3 * i + 2]
        }
    }
}

/// Writes to `path.tmp-<pid>-<random>` and renames it to `path`, so that readers never see a
/// half-written file.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
    } catch {
        throw DataError.io(path: temporary, reason: error.localizedDescription)
    }
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        throw DataError.io(path: path, reason: reason)
    }
}
