// Errors raised while finding, reading and decoding data sets.
import Foundation

/// What went wrong while reading a data set; every case names the file or folder involved.
///
/// Policy for bad input: a file that claims to be an image (by its extension) but does not
/// decode is an error (`corruptImage`), never skipped, so that a data set never silently
/// shrinks. Files that are not images by their extension are skipped with one warning line on
/// stderr listing them; hidden files (names starting with ".") are skipped silently.
public enum DataError: Error, CustomStringConvertible {
    /// The folder or file does not exist.
    case missingPath(String)
    /// A folder that should contain one subfolder per class has none.
    case noClassFolders(String)
    /// A class folder holds no image files.
    case emptyClassFolder(String)
    /// A file that should be an image could not be decoded (truncated, corrupt, not an image).
    case corruptImage(path: String, reason: String)
    /// A CIFAR-10 binary batch whose size is not a whole number of 3,073-byte records,
    /// or a label byte outside 0...9.
    case badRecordFile(path: String, reason: String)
    /// A folder that is neither of the CIFAR-10 layouts.
    case unrecognisedLayout(path: String, reason: String)
    /// The bundled archive's sha256 differs from the published one.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// An archive that does not unpack (a damaged tar stream).
    case corruptArchive(path: String, reason: String)
    /// An external tool (tar, gzip) failed.
    case toolFailed(command: String, status: Int32, output: String)
    /// Reading or writing a file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingPath(let path):
            return "No such file or folder: \(path)"
        case .noClassFolders(let path):
            return "No class folders in \(path): expected one subfolder per class, each holding images"
        case .emptyClassFolder(let path):
            return "Class folder \(path) holds no images (.jpg, .jpeg or .png)"
        case .corruptImage(let path, let reason):
            return "Cannot decode image \(path): \(reason)"
        case .badRecordFile(let path, let reason):
            return "Bad CIFAR-10 batch file \(path): \(reason)"
        case .unrecognisedLayout(let path, let reason):
            return "Not a CIFAR-10 folder: \(path): \(reason)"
        case .checksumMismatch(let path, let expected, let actual):
            return "sha256 of \(path) is \(actual), expected \(expected): the archive is damaged or not the published one"
        case .corruptArchive(let path, let reason):
            return "Cannot read archive \(path): \(reason)"
        case .toolFailed(let command, let status, let output):
            return "\(command) failed with status \(status): \(output)"
        case .io(let path, let reason):
            return "Cannot access \(path): \(reason)"
        }
    }
}

extension DataError: LocalizedError {
    /// Lets `error.localizedDescription` show the message instead of Foundation's generic text.
    public var errorDescription: String? { description }
}
