import Foundation

/// One Jupyter message, as read from or written to a socket.
/// Content, metadata and the parent header are JSON objects as Foundation's JSONSerialization reads them.
public struct JupyterMessage {
    public static let delimiter = Data("<IDS|MSG>".utf8)

    /// ROUTER routing ids (shell, control, stdin) or the topic (iopub) that precede the delimiter.
    public var identities: [Data]
    public var header: MessageHeader
    /// The header of the message this one answers, or [:] when it answers none.
    public var parentHeader: [String: Any]
    public var metadata: [String: Any]
    public var content: [String: Any]
    public var buffers: [Data]

    public init(identities: [Data] = [], header: MessageHeader, parentHeader: [String: Any] = [:],
                metadata: [String: Any] = [:], content: [String: Any] = [:], buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// A new message of `msgType` answering `parent`: same routing identities, parent's header as parent_header.
    public init(replyTo parent: JupyterMessage, msgType: String, session: String, content: [String: Any]) {
        self.init(identities: parent.identities, header: .new(msgType: msgType, session: session),
                  parentHeader: parent.header.json, content: content)
    }

    public var msgType: String { header.msgType }

    /// Parses `[identities…, <IDS|MSG>, signature, header, parent_header, metadata, content, buffers…]`,
    /// checking the signature before reading any JSON.
    public init(frames: [Data], signer: MessageSigner) throws {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw ProtocolError.missingDelimiter }
        let rest = frames[(split + 1)...]
        guard rest.count >= 5 else { throw ProtocolError.tooFewFrames(count: rest.count) }
        let signature = rest[rest.startIndex]
        let signed = Array(rest[(rest.startIndex + 1)..<(rest.startIndex + 5)])
        guard signer.verify(signature, for: signed) else { throw ProtocolError.badSignature }

        identities = Array(frames[..<split])
        header = try MessageHeader(json: Self.object(signed[0], frame: "header"))
        parentHeader = try Self.object(signed[1], frame: "parent_header")
        metadata = try Self.object(signed[2], frame: "metadata")
        content = try Self.object(signed[3], frame: "content")
        buffers = Array(rest.dropFirst(5))
    }

    /// The signed multipart frames for this message.
    public func frames(signer: MessageSigner) throws -> [Data] {
        let signed = [
            try Self.data(header.json, frame: "header"),
            try Self.data(parentHeader, frame: "parent_header"),
            try Self.data(metadata, frame: "metadata"),
            try Self.data(content, frame: "content"),
        ]
        let signature = Data(signer.signature(for: signed).utf8)
        return identities + [Self.delimiter, signature] + signed + buffers
    }

    private static func object(_ data: Data, frame: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ProtocolError.invalidJSON(frame: frame)
        }
        return object
    }

    private static func data(_ object: [String: Any], frame: String) throws -> Data {
        // JSONSerialization traps on values it cannot encode, so check first: handlers' content reaches here.
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object) else {
            throw ProtocolError.unserializableJSON(frame: frame)
        }
        return data
    }
}
