import CZeroMQ
import Foundation
import XCTest
@testable import JupyterProtocol

final class KernelServerTests: XCTestCase {
    private var loopback: Loopback!

    override func setUpWithError() throws {
        loopback = try Loopback()
        // JEP 65: once iopub_welcome arrives the subscription is live and no iopub message will be missed.
        let welcome = try loopback.receiveIOPub(until: "iopub_welcome")
        XCTAssertEqual(welcome.content["subscription"] as? String, "")
    }

    override func tearDown() {
        loopback.close()
        loopback = nil
    }

    private func types(_ messages: [JupyterMessage]) -> [String] {
        messages.map { $0.msgType == "status" ? "status:\($0.content["execution_state"] as? String ?? "?")" : $0.msgType }
    }

    func testKernelInfoRepliesOnShellWithBusyIdleOnIOPub() throws {
        let request = try loopback.send("kernel_info_request", on: loopback.shell)
        let reply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(reply.msgType, "kernel_info_reply")
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, request.header.msgID)
        XCTAssertEqual(reply.header.session, loopback.server.session)
        XCTAssertEqual(reply.content["status"] as? String, "ok")
        XCTAssertEqual(reply.content["protocol_version"] as? String, "5.4")
        XCTAssertEqual((reply.content["language_info"] as? [String: Any])?["name"] as? String, "swift")
        XCTAssertEqual(types(try loopback.iopubMessages(for: request)), ["status:busy", "status:idle"])
    }

    func testExecutePublishesInputOutputsAndCountsExecutions() throws {
        let first = try loopback.send("execute_request", ["code": "a"], on: loopback.shell)
        let reply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(reply.msgType, "execute_reply")
        XCTAssertEqual(reply.content["status"] as? String, "ok")
        XCTAssertEqual(reply.content.int("execution_count"), 1)
        XCTAssertNotNil(reply.content["user_expressions"] as? [String: Any])
        let published = try loopback.iopubMessages(for: first)
        XCTAssertEqual(types(published), ["status:busy", "execute_input", "stream", "execute_result", "status:idle"])
        XCTAssertEqual(published[1].content["code"] as? String, "a")
        XCTAssertEqual(published[1].content.int("execution_count"), 1)
        XCTAssertEqual(published[2].content["text"] as? String, "ran a")
        XCTAssertEqual(published[3].content.int("execution_count"), 1)

        // A silent run publishes nothing but status and reuses the current count.
        let silent = try loopback.send("execute_request", ["code": "b", "silent": true], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content.int("execution_count"), 1)
        XCTAssertEqual(types(try loopback.iopubMessages(for: silent)), ["status:busy", "status:idle"])

        try loopback.send("execute_request", ["code": "c"], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content.int("execution_count"), 2)
        XCTAssertEqual(loopback.handler.executed.map(\.executionCount), [1, 1, 2])
        XCTAssertEqual(loopback.handler.executed.map(\.silent), [false, true, false])
    }

    func testDropsForgedMalformedAndUnknownMessagesAndKeepsServing() throws {
        // A forged execute_request: right shape, wrong key.
        let forger = try MessageSigner(key: "not-the-key")
        let forged = JupyterMessage(header: .new(msgType: "execute_request", session: "evil"), content: ["code": "a"])
        try loopback.shell.send(forged.frames(signer: forger))
        // Plain garbage, a delimiter with nothing after it, invalid JSON correctly signed, and an unknown type.
        try loopback.shell.send([Data([0xde, 0xad, 0xbe, 0xef])])
        try loopback.shell.send([JupyterMessage.delimiter])
        let badJSON = [Data("{oops".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        try loopback.shell.send([JupyterMessage.delimiter, Data(loopback.signer.signature(for: badJSON).utf8)] + badJSON)
        try loopback.send("frobnicate_request", on: loopback.shell)
        try loopback.control.send([Data("garbage on control".utf8)])

        let probe = try loopback.send("kernel_info_request", on: loopback.shell)
        let reply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(reply.parentHeader["msg_id"] as? String, probe.header.msgID, "nothing but the probe is answered")
        // Nothing was published for the dropped messages: the first iopub message is the probe's busy.
        let first = try loopback.receive(on: loopback.iopub)
        XCTAssertEqual(first.parentHeader["msg_id"] as? String, probe.header.msgID)
        XCTAssertTrue(loopback.handler.executed.isEmpty)

        try loopback.send("kernel_info_request", on: loopback.control)
        XCTAssertEqual(try loopback.receive(on: loopback.control).msgType, "kernel_info_reply")
    }

    func testEveryNewSubscriberIsWelcomedUnderItsTopic() throws {
        let context = try ZMQContext()
        let late = try context.makeSocket(.sub)
        defer { late.close(); context.terminate() }
        try late.setOption(ZMQ_LINGER, 0)
        try late.setOption(ZMQ_SUBSCRIBE, Data("kernel.".utf8))
        try late.connect(loopback.server.connection.endpoint(loopback.server.connection.iopubPort))
        guard let frames = try late.receive(timeoutMs: Loopback.timeoutMs) else { return XCTFail("no welcome") }
        let welcome = try JupyterMessage(frames: frames, signer: loopback.signer)
        XCTAssertEqual(welcome.msgType, "iopub_welcome")
        XCTAssertEqual(welcome.content["subscription"] as? String, "kernel.")
        XCTAssertEqual(welcome.identities, [Data("kernel.".utf8)])
    }

    func testHeartbeatEchoesPings() throws {
        for ping in ["ping", "again"] {
            try loopback.heartbeat.send([Data(ping.utf8)])
            XCTAssertEqual(try loopback.heartbeat.receive(timeoutMs: Loopback.timeoutMs), [Data(ping.utf8)])
        }
    }

    func testErrorWithStopOnErrorAbortsTheQueuedExecute() throws {
        // "block" waits for an interrupt and then fails, which gives "queued" time to be waiting on shell.
        let failing = try loopback.send("execute_request", ["code": "block"], on: loopback.shell)
        XCTAssertEqual(loopback.handler.executeStarted.wait(timeout: .now() + 5), .success)
        let queued = try loopback.send("execute_request", ["code": "never"], on: loopback.shell)
        try loopback.send("interrupt_request", on: loopback.control)
        XCTAssertEqual(try loopback.receive(on: loopback.control).msgType, "interrupt_reply")

        let errorReply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(errorReply.parentHeader["msg_id"] as? String, failing.header.msgID)
        XCTAssertEqual(errorReply.content["status"] as? String, "error")
        XCTAssertEqual(errorReply.content["ename"] as? String, "Interrupted")
        let abortReply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(abortReply.parentHeader["msg_id"] as? String, queued.header.msgID)
        XCTAssertEqual(abortReply.content["status"] as? String, "aborted")

        XCTAssertEqual(types(try loopback.iopubMessages(for: failing)),
                       ["status:busy", "execute_input", "stream", "error", "status:idle"])
        XCTAssertEqual(types(try loopback.iopubMessages(for: queued)), ["status:busy", "status:idle"])
        XCTAssertEqual(loopback.handler.executed.map(\.code), ["block"])

        // Only requests sent before the error reply are aborted: this one runs.
        try loopback.send("execute_request", ["code": "later"], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "ok")
    }

    func testErrorReplyCarriesNameValueAndTraceback() throws {
        let failing = try loopback.send("execute_request", ["code": "fail"], on: loopback.shell)
        let reply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(reply.content["status"] as? String, "error")
        XCTAssertEqual(reply.content.int("execution_count"), 1)
        XCTAssertEqual(reply.content["ename"] as? String, "CompileError")
        XCTAssertEqual(reply.content["evalue"] as? String, "nope")
        XCTAssertEqual(reply.content["traceback"] as? [String], ["line 1: nope"])
        let error = try loopback.iopubMessages(for: failing).first { $0.msgType == "error" }
        XCTAssertEqual(error?.content["traceback"] as? [String], ["line 1: nope"])
    }

    func testErrorWithoutStopOnErrorRunsTheNextExecute() throws {
        try loopback.send("execute_request", ["code": "fail", "stop_on_error": false], on: loopback.shell)
        try loopback.send("execute_request", ["code": "next"], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "error")
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "ok")
        XCTAssertEqual(loopback.handler.executed.map(\.code), ["fail", "next"])
    }

    func testControlAnswersAndInterruptsWhileShellExecutes() throws {
        let running = try loopback.send("execute_request", ["code": "block"], on: loopback.shell)
        XCTAssertEqual(loopback.handler.executeStarted.wait(timeout: .now() + 5), .success)

        try loopback.send("kernel_info_request", on: loopback.control)
        XCTAssertEqual(try loopback.receive(on: loopback.control).msgType, "kernel_info_reply")

        try loopback.send("interrupt_request", on: loopback.control)
        let interruptReply = try loopback.receive(on: loopback.control)
        XCTAssertEqual(interruptReply.msgType, "interrupt_reply")
        XCTAssertEqual(interruptReply.content["status"] as? String, "ok")

        let executeReply = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(executeReply.parentHeader["msg_id"] as? String, running.header.msgID)
        XCTAssertEqual(executeReply.content["ename"] as? String, "Interrupted")
        XCTAssertEqual(loopback.handler.interrupts, 1)
    }

    func testReadInputAsksTheFrontendOnStdin() throws {
        let request = try loopback.send("execute_request", ["code": "input"], on: loopback.shell)
        let inputRequest = try loopback.receive(on: loopback.stdin)
        XCTAssertEqual(inputRequest.msgType, "input_request")
        XCTAssertEqual(inputRequest.content["prompt"] as? String, "name? ")
        XCTAssertEqual(inputRequest.content.bool("password"), false)
        XCTAssertEqual(inputRequest.parentHeader["msg_id"] as? String, request.header.msgID)
        try loopback.send("input_reply", ["value": "Ada"], on: loopback.stdin)

        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "ok")
        let stream = try loopback.iopubMessages(for: request).first { $0.msgType == "stream" }
        XCTAssertEqual(stream?.content["text"] as? String, "typed Ada")
    }

    func testReadInputIsNilWhenStdinIsNotAllowed() throws {
        let request = try loopback.send("execute_request", ["code": "input", "allow_stdin": false], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "ok")
        let stream = try loopback.iopubMessages(for: request).first { $0.msgType == "stream" }
        XCTAssertEqual(stream?.content["text"] as? String, "typed <nil>")
    }

    func testInterruptCancelsPendingInput() throws {
        let request = try loopback.send("execute_request", ["code": "input"], on: loopback.shell)
        XCTAssertEqual(try loopback.receive(on: loopback.stdin).msgType, "input_request")
        try loopback.send("interrupt_request", on: loopback.control)
        XCTAssertEqual(try loopback.receive(on: loopback.control).msgType, "interrupt_reply")
        XCTAssertEqual(try loopback.receive(on: loopback.shell).content["status"] as? String, "ok")
        let stream = try loopback.iopubMessages(for: request).first { $0.msgType == "stream" }
        XCTAssertEqual(stream?.content["text"] as? String, "typed <nil>")
    }

    func testIntrospectionRequestsReplyInSpecShape() throws {
        try loopback.send("is_complete_request", ["code": "if x {"], on: loopback.shell)
        let isComplete = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(isComplete.msgType, "is_complete_reply")
        XCTAssertEqual(isComplete.content["status"] as? String, "incomplete")
        XCTAssertEqual(isComplete.content["indent"] as? String, "    ")

        try loopback.send("complete_request", ["code": "pr", "cursor_pos": 2], on: loopback.shell)
        let complete = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(complete.content["matches"] as? [String], ["print", "precondition"])
        XCTAssertEqual(complete.content.int("cursor_start"), 0)
        XCTAssertEqual(complete.content.int("cursor_end"), 2)

        try loopback.send("inspect_request", ["code": "print", "cursor_pos": 5, "detail_level": 0], on: loopback.shell)
        let inspect = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(inspect.content.bool("found"), true)
        XCTAssertEqual((inspect.content["data"] as? [String: Any])?["text/plain"] as? String, "func print(_ items: Any...)")

        try loopback.send("history_request", ["hist_access_type": "tail", "n": 1, "output": true, "raw": true],
                          on: loopback.shell)
        let history = try loopback.receive(on: loopback.shell).content["history"] as? [[Any]]
        XCTAssertEqual(history?.first?[0] as? Int, 1)
        XCTAssertEqual(history?.first?[2] as? [String], ["1+1", "2"])

        try loopback.send("comm_info_request", on: loopback.shell)
        let comms = try loopback.receive(on: loopback.shell)
        XCTAssertEqual(comms.content["status"] as? String, "ok")
        XCTAssertEqual((comms.content["comms"] as? [String: Any])?.isEmpty, true)
    }

    func testShutdownRequestRepliesCallsHandlerAndStopsServer() throws {
        let request = try loopback.send("shutdown_request", ["restart": true], on: loopback.control)
        let reply = try loopback.receive(on: loopback.control)
        XCTAssertEqual(reply.msgType, "shutdown_reply")
        XCTAssertEqual(reply.content.bool("restart"), true)
        XCTAssertEqual(types(try loopback.iopubMessages(for: request)), ["status:busy", "status:idle"])
        XCTAssertTrue(loopback.waitForServerToStop(), "run() returns after shutdown")
        XCTAssertEqual(loopback.handler.shutdowns, [true])
    }
}

final class KernelServerSignalTests: XCTestCase {
    func testSIGINTInterruptsTheHandler() throws {
        let loopback = try Loopback(handlesSIGINT: true)
        defer { loopback.close() }
        // The signal source is installed when run() starts; a served request proves it has.
        try loopback.send("kernel_info_request", on: loopback.shell)
        _ = try loopback.receive(on: loopback.shell)
        kill(getpid(), SIGINT)
        XCTAssertEqual(loopback.handler.interrupted.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(loopback.handler.interrupts, 1)
    }
}
