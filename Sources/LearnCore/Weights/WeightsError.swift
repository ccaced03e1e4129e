/// A weights file that cannot be read.
public enum WeightsError: Error, CustomStringConvertible, Equatable {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The file ends before the data it announces.
    case truncated(String)
    /// The file's structure is invalid.
    case corrupt(String)
    /// Valid, but uses a feature this reader does not support (e.g. a compressed zip entry).
    case unsupported(String)
    /// Neither safetensors nor a PyTorch zip file.
    case unknownFormat(path: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "cannot read \(path): \(reason)"
        case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
        case let .truncated(what): return "weights file is truncated: \(what)"
        case let .corrupt(what): return "weights file is corrupt: \(what)"
        case let .unsupported(what): return "unsupported weights file: \(what)"
        case let .unknownFormat(path): return "\(path) is neither a safetensors file nor a PyTorch zip (.pth) file"
        }
    }
}

/// Bounds-checked little-endian reading over bytes.
struct ByteReader {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func check(_ offset: Int, _ count: Int, _ what: String) throws {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw WeightsError.truncated("\(what) at byte \(offset) needs \(count) bytes, file has \(bytes.count)")
        }
    }
    func uint(_ offset: Int, _ size: Int, _ what: String) throws -> UInt64 {
        try check(offset, size, what)
        var v: UInt64 = 0
        for i in 0..<size { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return v
    }
    func u16(_ o: Int, _ w: String) throws -> Int { Int(try uint(o, 2, w)) }
    func u32(_ o: Int, _ w: String) throws -> Int { Int(try uint(o, 4, w)) }
    func u64(_ o: Int, _ w: String) throws -> UInt64 { try uint(o, 8, w) }
    /// A 64-bit size or offset, which must fit the file.
    func int64(_ o: Int, _ w: String) throws -> Int {
        let v = try uint(o, 8, w)
        guard v <= UInt64(bytes.count) else { throw WeightsError.corrupt("\(w) \(v) exceeds the file size \(bytes.count)") }
        return Int(v)
    }
    func slice(_ offset: Int, _ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        try check(offset, count, what)
        return bytes[offset..<(offset + count)]
    }
}
