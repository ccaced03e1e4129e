/// Why a set of frames is not a message this kernel accepts, or a message cannot be sent.
public enum ProtocolError: Error, Equatable, CustomStringConvertible {
    case missingDelimiter
    case tooFewFrames(count: Int)
    case badSignature
    case unsupportedSignatureScheme(String)
    case invalidJSON(frame: String)
    case missingHeaderField(String)
    case unserializableJSON(frame: String)

    public var description: String {
        switch self {
        case .missingDelimiter:
            return "no <IDS|MSG> delimiter frame; not a Jupyter message"
        case .tooFewFrames(let count):
            return "only \(count) frames after <IDS|MSG>; need signature, header, parent_header, metadata and content"
        case .badSignature:
            return "HMAC signature does not match; is the frontend using this kernel's connection-file key?"
        case .unsupportedSignatureScheme(let scheme):
            return "signature scheme '\(scheme)' is not supported; use 'hmac-sha256'"
        case .invalidJSON(let frame):
            return "the \(frame) frame is not a JSON object"
        case .missingHeaderField(let field):
            return "the header has no string field '\(field)'"
        case .unserializableJSON(let frame):
            return "the \(frame) dictionary holds a value JSON cannot represent"
        }
    }
}
