// sha256 of a file, through OpenSSL's EVP interface.
import Foundation
@_implementationOnly import CCrypto

/// The lowercase hex sha256 of the file at `path`, read in 1 MiB pieces.
func sha256Hex(ofFile path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw DataError.missingPath(path) }
    defer { try? handle.close() }
    guard let context = EVP_MD_CTX_new() else { throw DataError.io(path: path, reason: "OpenSSL could not allocate a digest") }
    defer { EVP_MD_CTX_free(context) }
    EVP_DigestInit_ex(context, EVP_sha256(), nil)
    while true {
        let chunk: Data
        do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
            throw DataError.io(path: path, reason: "\(error)")
        }
        if chunk.isEmpty { break }
        chunk.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
    }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    EVP_DigestFinal_ex(context, &digest, &length)
    return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
}
