import Foundation

/// The header every Jupyter message carries.
public struct MessageHeader: Equatable {
    public var msgID: String
    public var session: String
    public var username: String
    public var date: String
    public var msgType: String
    public var version: String

    public init(msgID: String, session: String, username: String, date: String, msgType: String, version: String) {
        self.msgID = msgID
        self.session = session
        self.username = username
        self.date = date
        self.msgType = msgType
        self.version = version
    }

    /// A header for a message this kernel originates now.
    public static func new(msgType: String, session: String, username: String = "kernel") -> MessageHeader {
        MessageHeader(msgID: UUID().uuidString.lowercased(), session: session, username: username,
                      date: currentTimestamp(), msgType: msgType, version: JupyterProtocolVersion.current)
    }

    /// Reads a header; msg_id, session and msg_type are required because replies and routing depend on them.
    /// username, date and version default to "" so that older or minimal clients are still served.
    public init(json: [String: Any]) throws {
        func required(_ field: String) throws -> String {
            guard let value = json[field] as? String else { throw ProtocolError.missingHeaderField(field) }
            return value
        }
        msgID = try required("msg_id")
        session = try required("session")
        msgType = try required("msg_type")
        username = json["username"] as? String ?? ""
        date = json["date"] as? String ?? ""
        version = json["version"] as? String ?? ""
    }

    public var json: [String: Any] {
        ["msg_id": msgID, "session": session, "username": username, "date": date,
         "msg_type": msgType, "version": version]
    }

    /// ISO 8601 in UTC with fractional seconds, e.g. 2024-05-01T12:00:00.123Z.
    static func currentTimestamp() -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
    }
}
