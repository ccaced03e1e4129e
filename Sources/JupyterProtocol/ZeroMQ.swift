import CZeroMQ
import Foundation

/// A libzmq failure, with zmq's own description of `errno`.
public struct ZMQError: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation) failed: \(String(cString: zmq_strerror(code))) (errno \(code))" }

    /// The context was shut down while a socket call was in progress.
    public var isTerminated: Bool { code == ETERM }

    static func last(_ operation: String) -> ZMQError { ZMQError(operation: operation, code: zmq_errno()) }
}

public enum ZMQSocketType {
    case pair, pub, sub, req, rep, dealer, router, pull, push, xpub, xsub

    var rawValue: Int32 {
        switch self {
        case .pair: return ZMQ_PAIR
        case .pub: return ZMQ_PUB
        case .sub: return ZMQ_SUB
        case .req: return ZMQ_REQ
        case .rep: return ZMQ_REP
        case .dealer: return ZMQ_DEALER
        case .router: return ZMQ_ROUTER
        case .pull: return ZMQ_PULL
        case .push: return ZMQ_PUSH
        case .xpub: return ZMQ_XPUB
        case .xsub: return ZMQ_XSUB
        }
    }
}

/// Owns a zmq context. Sockets must all be closed before `terminate()`, which blocks until then.
public final class ZMQContext {
    let handle: UnsafeMutableRawPointer
    private var terminated = false

    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
    }

    public func makeSocket(_ type: ZMQSocketType) throws -> ZMQSocket {
        guard let socket = zmq_socket(handle, type.rawValue) else { throw ZMQError.last("zmq_socket") }
        return ZMQSocket(handle: socket, context: self)
    }

    /// Blocks until every socket of this context is closed and its lingering messages are sent.
    public func terminate() {
        guard !terminated else { return }
        terminated = true
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    deinit { terminate() }
}

/// One zmq socket. Like libzmq sockets, not thread-safe: use it from one thread at a time.
public final class ZMQSocket {
    private(set) var handle: UnsafeMutableRawPointer?
    /// Held so the context, whose termination waits for its sockets, outlives them.
    private let context: ZMQContext

    init(handle: UnsafeMutableRawPointer, context: ZMQContext) {
        self.handle = handle
        self.context = context
    }

    deinit { close() }

    private func live(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(operation: operation, code: ENOTSOCK) }
        return handle
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(try live("zmq_bind"), endpoint) == 0 else { throw ZMQError.last("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(try live("zmq_connect"), endpoint) == 0 else { throw ZMQError.last("zmq_connect \(endpoint)") }
    }

    /// The endpoint actually bound; resolves a wildcard port ("tcp://127.0.0.1:*") to the chosen one.
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(try live("zmq_getsockopt"), ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt ZMQ_LAST_ENDPOINT")
        }
        return String(cString: buffer)
    }

    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try live("zmq_setsockopt"), option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt \(option)")
        }
    }

    public func setOption(_ option: Int32, _ value: Data) throws {
        let socket = try live("zmq_setsockopt")
        let status = value.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) }
        guard status == 0 else { throw ZMQError.last("zmq_setsockopt \(option)") }
    }

    /// Sends all frames as one multipart message.
    public func send(_ frames: [Data]) throws {
        let socket = try live("zmq_send")
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                if zmq_errno() != EINTR { throw ZMQError.last("zmq_send") }
            }
        }
    }

    /// Receives one whole multipart message, waiting at most `timeoutMs` (-1: forever). nil on timeout.
    public func receive(timeoutMs: Int = -1) throws -> [Data]? {
        guard try poll(timeoutMs: timeoutMs) else { return nil }
        return try receiveNow()
    }

    /// Receives a message that poll said is ready; blocks only until its frames have all arrived.
    func receiveNow() throws -> [Data] {
        let socket = try live("zmq_msg_recv")
        var frames: [Data] = []
        repeat {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            while zmq_msg_recv(&message, socket, 0) < 0 {
                if zmq_errno() != EINTR { throw ZMQError.last("zmq_msg_recv") }
            }
            let size = zmq_msg_size(&message)
            frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&message), count: size))
            if zmq_msg_more(&message) == 0 { break }
        } while true
        return frames
    }

    /// True when a message is ready to receive within `timeoutMs` (-1: wait forever).
    public func poll(timeoutMs: Int) throws -> Bool {
        try ZMQSocket.poll([self], timeoutMs: timeoutMs)[0]
    }

    /// Waits until any of `sockets` has a message to receive; returns which are readable.
    public static func poll(_ sockets: [ZMQSocket], timeoutMs: Int) throws -> [Bool] {
        var items = try sockets.map { zmq_pollitem_t(socket: try $0.live("zmq_poll"), fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        while zmq_poll(&items, Int32(items.count), timeoutMs) < 0 {
            // A signal (SIGINT for interrupts) may cut a poll short; just wait again.
            if zmq_errno() != EINTR { throw ZMQError.last("zmq_poll") }
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }

    /// Closes the socket; unsent messages linger as set by ZMQ_LINGER.
    public func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }
}
