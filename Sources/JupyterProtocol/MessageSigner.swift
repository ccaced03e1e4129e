import CCrypto
import Foundation

/// Signs and verifies messages with the connection key (HMAC-SHA256 over header, parent, metadata, content).
/// An empty key disables signing, as the spec allows: signatures are "" and never checked.
public struct MessageSigner {
    private let key: [UInt8]

    public init(key: String, scheme: String = "hmac-sha256") throws {
        guard scheme == "hmac-sha256" else { throw ProtocolError.unsupportedSignatureScheme(scheme) }
        self.key = Array(key.utf8)
    }

    public var isEnabled: Bool { !key.isEmpty }

    /// Lowercase hex HMAC of the frames in order; "" when signing is disabled.
    public func signature(for frames: [Data]) -> String {
        guard isEnabled else { return "" }
        return Self.hex(digest(of: frames))
    }

    /// Compares in constant time so a forger learns nothing from how long a rejection takes.
    public func verify(_ signature: Data, for frames: [Data]) -> Bool {
        guard isEnabled else { return true }
        let expected = Array(Self.hex(digest(of: frames)).utf8)
        guard signature.count == expected.count else { return false }
        return signature.withUnsafeBytes { given in
            CRYPTO_memcmp(given.baseAddress, expected, expected.count) == 0
        }
    }

    private func digest(of frames: [Data]) -> [UInt8] {
        // The HMAC of the frames in sequence is the HMAC of their concatenation.
        let message = frames.reduce(into: Data()) { $0.append($1) }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        message.withUnsafeBytes { bytes in
            _ = HMAC(EVP_sha256(), key, Int32(key.count),
                     bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, &output, &length)
        }
        return Array(output.prefix(Int(length)))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
