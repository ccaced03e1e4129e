import Foundation
import XCTest
@testable import JupyterProtocol

final class MessageSignerTests: XCTestCase {
    func testMatchesRFC4231TestCase2AcrossFrames() throws {
        let signer = try MessageSigner(key: "Jefe")
        // The frames are hashed as one stream, so splitting the RFC's input must not change the digest.
        let frames = [Data("what do ya want ".utf8), Data("for nothing?".utf8)]
        XCTAssertEqual(signer.signature(for: frames),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testVerifiesItsOwnSignature() throws {
        let signer = try MessageSigner(key: "secret")
        let frames = [Data("{}".utf8), Data("{\"a\":1}".utf8)]
        XCTAssertTrue(signer.verify(Data(signer.signature(for: frames).utf8), for: frames))
    }

    func testRejectsTamperedContentAndForeignKeys() throws {
        let signer = try MessageSigner(key: "secret")
        let signature = Data(signer.signature(for: [Data("{\"code\":\"1\"}".utf8)]).utf8)
        XCTAssertFalse(signer.verify(signature, for: [Data("{\"code\":\"2\"}".utf8)]))
        let other = try MessageSigner(key: "other")
        XCTAssertFalse(other.verify(signature, for: [Data("{\"code\":\"1\"}".utf8)]))
        XCTAssertFalse(signer.verify(Data("abc".utf8), for: [Data("{\"code\":\"1\"}".utf8)]))
        XCTAssertFalse(signer.verify(Data(), for: [Data("{\"code\":\"1\"}".utf8)]))
    }

    func testEmptyKeySignsWithEmptyStringAndChecksNothing() throws {
        let signer = try MessageSigner(key: "")
        XCTAssertEqual(signer.signature(for: [Data("{}".utf8)]), "")
        XCTAssertTrue(signer.verify(Data("anything".utf8), for: [Data("{}".utf8)]))
    }

    func testRejectsUnsupportedScheme() {
        XCTAssertThrowsError(try MessageSigner(key: "k", scheme: "hmac-md5")) { error in
            XCTAssertEqual(error as? ProtocolError, .unsupportedSignatureScheme("hmac-md5"))
        }
    }
}
