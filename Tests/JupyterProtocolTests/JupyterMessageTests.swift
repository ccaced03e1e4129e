import Foundation
import XCTest
@testable import JupyterProtocol

final class JupyterMessageTests: XCTestCase {
    let signer = try! MessageSigner(key: "secret")

    private func json(_ object: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: object)
    }

    private let header: [String: Any] = [
        "msg_id": "m1", "session": "s1", "username": "u", "date": "2024-01-01T00:00:00.000Z",
        "msg_type": "execute_request", "version": "5.4",
    ]

    /// Frames as a frontend would send them, signed over the four JSON frames.
    private func wire(identities: [Data] = [Data("id".utf8)], header: Data? = nil, content: Data? = nil,
                      buffers: [Data] = []) -> [Data] {
        let signed = [header ?? json(self.header), json([:]), json([:]), content ?? json(["code": "1+1"])]
        return identities + [JupyterMessage.delimiter, Data(signer.signature(for: signed).utf8)] + signed + buffers
    }

    func testParsesIdentitiesHeaderContentAndBuffers() throws {
        let message = try JupyterMessage(frames: wire(identities: [Data("a".utf8), Data("b".utf8)],
                                                      buffers: [Data([1, 2, 3])]), signer: signer)
        XCTAssertEqual(message.identities, [Data("a".utf8), Data("b".utf8)])
        XCTAssertEqual(message.header, MessageHeader(msgID: "m1", session: "s1", username: "u",
                                                     date: "2024-01-01T00:00:00.000Z",
                                                     msgType: "execute_request", version: "5.4"))
        XCTAssertEqual(message.content["code"] as? String, "1+1")
        XCTAssertTrue(message.parentHeader.isEmpty)
        XCTAssertEqual(message.buffers, [Data([1, 2, 3])])
    }

    func testSerializedFramesParseBackWithTheSameFields() throws {
        let original = JupyterMessage(identities: [Data("peer".utf8)], header: .new(msgType: "stream", session: "k"),
                                      parentHeader: header, metadata: ["m": true],
                                      content: ["name": "stdout", "text": "hi\n"], buffers: [Data([9])])
        let parsed = try JupyterMessage(frames: original.frames(signer: signer), signer: signer)
        XCTAssertEqual(parsed.identities, original.identities)
        XCTAssertEqual(parsed.header, original.header)
        XCTAssertEqual(parsed.parentHeader["msg_id"] as? String, "m1")
        XCTAssertEqual(parsed.metadata.bool("m"), true)
        XCTAssertEqual(parsed.content["text"] as? String, "hi\n")
        XCTAssertEqual(parsed.buffers, [Data([9])])
    }

    func testNewHeaderHasFreshIDTimestampVersionAndKernelUsername() {
        let first = MessageHeader.new(msgType: "status", session: "kernel-session")
        let second = MessageHeader.new(msgType: "status", session: "kernel-session")
        XCTAssertNotEqual(first.msgID, second.msgID)
        XCTAssertNotNil(UUID(uuidString: first.msgID))
        XCTAssertEqual(first.version, "5.4")
        XCTAssertEqual(first.username, "kernel")
        XCTAssertEqual(first.session, "kernel-session")
        let pattern = #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$"#
        XCTAssertNotNil(first.date.range(of: pattern, options: .regularExpression), first.date)
    }

    func testRejectsFramesWithoutDelimiter() {
        XCTAssertThrowsError(try JupyterMessage(frames: [Data("garbage".utf8), Data([0xff, 0x00])], signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .missingDelimiter)
        }
        XCTAssertThrowsError(try JupyterMessage(frames: [], signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .missingDelimiter)
        }
    }

    func testRejectsTooFewFramesAfterDelimiter() {
        let frames = Array(wire().prefix(5))   // identity, delimiter, signature, header, parent
        XCTAssertThrowsError(try JupyterMessage(frames: frames, signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .tooFewFrames(count: 3))
        }
    }

    func testRejectsBadSignatureAndTamperedContent() {
        var forged = wire()
        forged[2] = Data(String(repeating: "0", count: 64).utf8)
        XCTAssertThrowsError(try JupyterMessage(frames: forged, signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .badSignature)
        }
        var tampered = wire()
        tampered[6] = json(["code": "rm -rf /"])
        XCTAssertThrowsError(try JupyterMessage(frames: tampered, signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .badSignature)
        }
    }

    func testRejectsInvalidJSON() {
        XCTAssertThrowsError(try JupyterMessage(frames: wire(content: Data("{not json".utf8)), signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .invalidJSON(frame: "content"))
        }
        XCTAssertThrowsError(try JupyterMessage(frames: wire(header: Data("[1,2]".utf8)), signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .invalidJSON(frame: "header"))
        }
    }

    func testRejectsHeaderWithoutMsgType() {
        var partial = header
        partial["msg_type"] = nil
        XCTAssertThrowsError(try JupyterMessage(frames: wire(header: json(partial)), signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .missingHeaderField("msg_type"))
        }
    }

    func testRefusesToSerializeValuesJSONCannotHold() {
        let message = JupyterMessage(header: .new(msgType: "display_data", session: "k"),
                                     content: ["data": ["text/plain": Double.nan]])
        XCTAssertThrowsError(try message.frames(signer: signer)) {
            XCTAssertEqual($0 as? ProtocolError, .unserializableJSON(frame: "content"))
        }
    }
}

final class ConnectionInfoTests: XCTestCase {
    func testDecodesConnectionFileAndBuildsEndpoints() throws {
        let file = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
         "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256",
         "kernel_name": "swift"}
        """
        let info = try JSONDecoder().decode(ConnectionInfo.self, from: Data(file.utf8))
        XCTAssertEqual(info.shellPort, 5001)
        XCTAssertEqual(info.hbPort, 5005)
        XCTAssertEqual(info.key, "abc")
        XCTAssertEqual(info.kernelName, "swift")
        XCTAssertEqual(info.endpoint(info.shellPort), "tcp://127.0.0.1:5001")
        XCTAssertEqual(info.endpoint(0), "tcp://127.0.0.1:*")
    }

    func testKernelNameIsOptional() throws {
        let file = """
        {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
         "ip": "0.0.0.0", "key": "", "transport": "tcp", "signature_scheme": "hmac-sha256"}
        """
        XCTAssertNil(try JSONDecoder().decode(ConnectionInfo.self, from: Data(file.utf8)).kernelName)
    }
}
