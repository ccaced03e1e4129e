// Image-folder data sets: one subfolder per class, as torchvision's ImageFolder.
import Foundation

/// `ImageFolder(root:)` reads a folder of class folders, as torchvision's `ImageFolder`.
public typealias ImageFolder = ImageDataset

extension ImageDataset {
    /// Reads `root/<class>/**/*.{jpg,jpeg,png}`: one class per subfolder, classes sorted by
    /// name (label 0 is the first), images sorted by path within each class (subfolders of a
    /// class folder are searched too). All images are decoded now, in parallel, and kept in
    /// memory; they may have any size (add `.resize`/`.centerCrop` to a loader's transforms).
    ///
    /// Bad input:
    /// - `DataError.missingPath` if `root` does not exist;
    /// - `.noClassFolders` if it has no subfolders; `.emptyClassFolder` if a class has no image;
    /// - `.corruptImage` naming the file if a `.jpg`/`.jpeg`/`.png` does not decode (truncated,
    ///   corrupt, or not an image at all): an error, never skipped;
    /// - files with other extensions are skipped, listed in one warning on stderr
    ///   (hidden files, such as `.DS_Store`, silently).
    public init(root: String) throws {
        let classNames = try classFolders(root)
        let (files, labels) = try classImageFiles(in: root, classes: Array(classNames.enumerated()))
        let images = try decodeImages(files)
        self.init(store: ImageStore(.varied(images), sources: files), indices: Array(files.indices),
                  labels: labels, classes: classNames)
    }
}

/// The subfolders of `root`, sorted by name (hidden ones left out).
func classFolders(_ root: String) throws -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
        throw DataError.missingPath(root)
    }
    guard isFolder.boolValue else { throw DataError.io(path: root, reason: "is a file, not a folder") }
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: root) } catch {
        throw DataError.io(path: root, reason: "\(error.localizedDescription)")
    }
    let folders = names.filter { name in
        var folder: ObjCBool = false
        return !name.hasPrefix(".")
            && FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(name), isDirectory: &folder)
            && folder.boolValue
    }.sorted()
    if folders.isEmpty { throw DataError.noClassFolders(root) }
    return folders
}

let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

/// The image files under `folder` (recursively): its own files sorted by name, then each
/// subfolder's, subfolders sorted by name. Non-image files are added to `skipped`.
/// The image files of each class folder `root/<name>`, labelled with the class's label; an
/// empty class folder is an error and skipped non-image files are reported once.
func classImageFiles(in root: String, classes: [(offset: Int, element: String)]) throws -> (files: [String], labels: [Int]) {
    var files: [String] = [], labels: [Int] = [], skipped: [String] = []
    for (label, name) in classes {
        let folder = (root as NSString).appendingPathComponent(name)
        let images = try imageFiles(in: folder, skipped: &skipped)
        if images.isEmpty { throw DataError.emptyClassFolder(folder) }
        files += images
        labels += Array(repeating: label, count: images.count)
    }
    warnSkipped(skipped)
    return (files, labels)
}

func imageFiles(in folder: String, skipped: inout [String]) throws -> [String] {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
        throw DataError.io(path: folder, reason: "\(error.localizedDescription)")
    }
    var files: [String] = [], subfolders: [String] = []
    for name in names where !name.hasPrefix(".") {
        let path = (folder as NSString).appendingPathComponent(name)
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if isFolder.boolValue {
            subfolders.append(path)
        } else if imageExtensions.contains((name as NSString).pathExtension.lowercased()) {
            files.append(path)
        } else {
            skipped.append(path)
        }
    }
    for subfolder in subfolders { files += try imageFiles(in: subfolder, skipped: &skipped) }
    return files
}

func warnSkipped(_ skipped: [String]) {
    guard !skipped.isEmpty else { return }
    let shown = skipped.prefix(5).joined(separator: ", ") + (skipped.count > 5 ? ", …" : "")
    let message = "warning: skipped \(skipped.count) file\(skipped.count == 1 ? "" : "s") that \(skipped.count == 1 ? "is" : "are") not .jpg, .jpeg or .png: \(shown)\n"
    FileHandle.standardError.write(message.data(using: .utf8)!)
}

/// Decodes the files in parallel (one decoder per worker) and calls `store(index, image)` for
/// each from the worker that decoded it. If any file fails, throws the error of the first
/// failing file in list order, so the message does not depend on timing.
func decodeInParallel(_ files: [String], store: (Int, RGBImage) throws -> Void) throws {
    try decodeInParallel(count: files.count, name: { files[$0] }, bytes: { try readFile(files[$0]) }, store: store)
}

/// Decodes `count` images whose encoded bytes `bytes(i)` gives, as above; `name(i)` names
/// image `i` in errors.
func decodeInParallel(count: Int, name: (Int) -> String, bytes: (Int) throws -> [UInt8],
                      store: (Int, RGBImage) throws -> Void) throws {
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
    let lock = NSLock()
    var firstError: (index: Int, error: Error)?
    // Chunks of 64 images handed out in turn keep every worker busy until the end.
    let chunk = 64
    let chunks = (count + chunk - 1) / chunk
    var nextChunk = 0
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        let decoder = ImageDecoder()
        while true {
            lock.lock()
            let c = nextChunk
            nextChunk += 1
            let failedBefore = firstError.map { $0.index < c * chunk } ?? false
            lock.unlock()
            if c >= chunks || failedBefore { return }
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                do {
                    let image = try decoder.decode(try bytes(i), path: name(i))
                    try store(i, image)
                } catch {
                    lock.lock()
                    if firstError == nil || i < firstError!.index { firstError = (i, error) }
                    lock.unlock()
                    break
                }
            }
        }
    }
    if let failure = firstError { throw failure.error }
}

/// All files decoded into planes, in order.
func decodeImages(_ files: [String]) throws -> [PlanarImage<UInt8>] {
    var images = [PlanarImage<UInt8>?](repeating: nil, count: files.count)
    try images.withUnsafeMutableBufferPointer { slots in
        let base = slots
        try decodeInParallel(files) { i, image in base[i] = PlanarImage(image) }
    }
    return images.map { $0! }
}
