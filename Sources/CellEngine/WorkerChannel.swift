import Foundation

/// Messages between the engine and its worker process: a 4-byte little-endian length, then a
/// JSON object with a "type". One writer at a time per direction (callers serialise).
public struct WorkerChannel {
    public let readFD: Int32
    public let writeFD: Int32
    private let writeLock = NSLock()

    public init(readFD: Int32, writeFD: Int32) {
        self.readFD = readFD
        self.writeFD = writeFD
    }

    public func send(_ message: [String: Any]) throws {
        let body = try JSONSerialization.data(withJSONObject: message)
        var length = UInt32(body.count).littleEndian
        var frame = Data(bytes: &length, count: 4)
        frame.append(body)
        writeLock.lock()
        defer { writeLock.unlock() }
        try frame.withUnsafeBytes { try Self.writeAll(writeFD, $0) }
    }

    /// The next message; nil at end of stream (the other side is gone).
    public func receive() throws -> [String: Any]? {
        guard let header = try Self.readExactly(readFD, 4) else { return nil }
        let length = header.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        guard let body = try Self.readExactly(readFD, length) else { return nil }
        guard let message = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw CellEngineError.workerFailure("a worker message was not a JSON object")
        }
        return message
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CellEngineError.workerFailure("write to the worker channel failed: errno \(errno)")
            }
            offset += written
        }
    }

    static func readExactly(_ fd: Int32, _ count: Int) throws -> Data? {
        var data = Data(count: count)
        var offset = 0
        while offset < count {
            let got = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, count - offset) }
            if got == 0 { return nil }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            offset += got
        }
        return data
    }
}
