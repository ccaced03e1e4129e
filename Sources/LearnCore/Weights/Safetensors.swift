import Foundation

/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}`),
/// then the raw little-endian data (offsets relative to its start).
public enum Safetensors {
    /// Reads every tensor, in file order, converted to Float32.
    public static func read(_ path: String) throws -> StateDict {
        try decode(try readBytes(path))
    }

    public static func decode(_ bytes: [UInt8]) throws -> StateDict {
        let r = ByteReader(bytes)
        let headerLength = try r.u64(0, "header length")
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw WeightsError.truncated("header of \(headerLength) bytes in a file of \(bytes.count) bytes")
        }
        let headerEnd = 8 + Int(headerLength)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw WeightsError.corrupt("header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw WeightsError.corrupt("header is not a JSON object") }
        let dataLength = bytes.count - headerEnd
        var entries: [(begin: Int, key: String, tensor: Tensor, integral: Bool)] = []
        for (key, value) in header where key != "__metadata__" {
            guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shape = exactIntegers(info["shape"]),
                  let offsets = exactIntegers(info["data_offsets"]), offsets.count == 2 else {
                throw WeightsError.corrupt("entry \(key) lacks dtype, shape or data_offsets")
            }
            guard let dtype = StoredDType(rawValue: dtypeName) else { throw WeightsError.unsupported("dtype \(dtypeName) of \(key)") }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw WeightsError.corrupt("entry \(key) has a negative size or reversed offsets")
            }
            guard offsets[1] <= dataLength else {
                throw WeightsError.truncated("\(key) ends at byte \(offsets[1]) of a \(dataLength)-byte data section")
            }
            let n = try checkedCount(shape, key)
            guard offsets[1] - offsets[0] == n * dtype.size else {
                throw WeightsError.corrupt("\(key): \(offsets[1] - offsets[0]) bytes for \(n) elements of \(dtypeName)")
            }
            let values = try gatherElements(bytes, base: headerEnd + offsets[0], dtype: dtype, shape: shape,
                                            strides: rowMajorStrides(shape), offset: 0, what: key)
            entries.append((offsets[0], key, Tensor(shape: shape, data: values), [.i64, .i32, .i16, .i8, .u8].contains(dtype)))
        }
        // JSON objects are unordered; the data order is the order the writer chose.
        var sd = StateDict()
        for e in entries.sorted(by: { ($0.begin, $0.key) < ($1.begin, $1.key) }) {
            sd[e.key] = e.tensor
            if e.integral { sd.integerKeys.insert(e.key) }
        }
        return sd
    }

    /// Writes `stateDict` in order (integer keys as I64, the rest as F32). Writes a temporary
    /// file first and renames it, so a failure never leaves a half-written file at `path`.
    public static func write(_ stateDict: StateDict, to path: String, metadata: [String: String] = [:]) throws {
        var header: [String] = []
        if !metadata.isEmpty {
            header.append("\"__metadata__\":{" + metadata.sorted { $0.key < $1.key }
                .map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (key, t) in stateDict {
            let integral = stateDict.integerKeys.contains(key)
            let size = t.count * (integral ? 8 : 4)
            header.append("\(jsonString(key)):{\"dtype\":\"\(integral ? "I64" : "F32")\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var headerBytes = Array(("{" + header.joined(separator: ",") + "}").utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        var n = UInt64(headerBytes.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
        out += headerBytes
        for (key, t) in stateDict {
            if stateDict.integerKeys.contains(key) {
                for v in t.data { var bits = UInt64(bitPattern: Int64(v)); for _ in 0..<8 { out.append(UInt8(bits & 0xFF)); bits >>= 8 } }
            } else {
                t.data.withUnsafeBytes { out += $0 }
            }
        }
        try writeAtomically(out, to: path)
    }

    /// JSON numbers as Ints, or nil if any is not a whole number of sensible size.
    static func exactIntegers(_ value: Any?) -> [Int]? {
        guard let numbers = value as? [NSNumber] else { return nil }
        var out: [Int] = []
        for n in numbers {
            let d = n.doubleValue
            guard d.isFinite, d == d.rounded(), abs(d) <= 0x1p50 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    static func jsonString(_ s: String) -> String {
        var r = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case _ where c.value < 0x20: r += String(format: "\\u%04x", c.value)
            default: r.unicodeScalars.append(c)
            }
        }
        return r + "\""
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"
        throw WeightsError.cannotRead(path: path, reason: reason)
    }
    return [UInt8](data)
}

func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temp = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    guard FileManager.default.createFile(atPath: temp, contents: Data(bytes)) else {
        throw WeightsError.cannotWrite(path: path, reason: "cannot create \(temp)")
    }
    guard rename(temp, path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(atPath: temp)
        throw WeightsError.cannotWrite(path: path, reason: reason)
    }
}
