/// Reads the entries of a zip file that stores them uncompressed, as `torch.save` does.
struct ZipArchive {
    struct Entry { let name: String; let dataOffset: Int; let size: Int }
    let bytes: [UInt8]
    let entries: [String: Entry]
    let names: [String]

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let r = ByteReader(bytes)
        // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw WeightsError.truncated("zip file of \(bytes.count) bytes") }
        var eocd = -1
        var i = bytes.count - 22
        while i >= max(0, bytes.count - 22 - 65_535) {
            if bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x05 && bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw WeightsError.truncated("zip end-of-directory record not found (file cut short?)") }
        var count = try r.u16(eocd + 10, "entry count")
        var directory = try r.u32(eocd + 16, "directory offset")
        if count == 0xFFFF || directory == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points at the zip64 end record.
            let locator = eocd - 20
            guard locator >= 0, try r.u32(locator, "zip64 locator") == 0x0706_4B50 else {
                throw WeightsError.corrupt("zip64 locator missing")
            }
            let record = try r.int64(locator + 8, "zip64 record offset")
            guard try r.u32(record, "zip64 record") == 0x0606_4B50 else { throw WeightsError.corrupt("zip64 record missing") }
            count = try r.int64(record + 32, "zip64 entry count")
            directory = try r.int64(record + 48, "zip64 directory offset")
        }
        var entries: [String: Entry] = [:], names: [String] = []
        var p = directory
        for _ in 0..<count {
            guard try r.u32(p, "central directory") == 0x0201_4B50 else { throw WeightsError.corrupt("bad central directory entry at \(p)") }
            let method = try r.u16(p + 10, "method")
            var size = try r.u32(p + 20, "compressed size")
            let nameLength = try r.u16(p + 28, "name length"), extraLength = try r.u16(p + 30, "extra length")
            let commentLength = try r.u16(p + 32, "comment length")
            var local = try r.u32(p + 42, "local header offset")
            let name = String(decoding: try r.slice(p + 46, nameLength, "entry name"), as: UTF8.self)
            // Zip64 extra field (id 1) holds the sizes and offset that overflow 32 bits.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = try r.u16(e, "extra id"), length = try r.u16(e + 2, "extra length")
                if id == 1 {
                    var q = e + 4
                    if try r.u32(p + 24, "size") == 0xFFFF_FFFF { q += 8 }
                    if size == 0xFFFF_FFFF { size = try r.int64(q, "zip64 size"); q += 8 }
                    if local == 0xFFFF_FFFF { local = try r.int64(q, "zip64 offset") }
                }
                e += 4 + length
            }
            guard method == 0 else { throw WeightsError.unsupported("zip entry \(name) is compressed (method \(method)); only stored entries are read") }
            guard try r.u32(local, "local header") == 0x0403_4B50 else { throw WeightsError.corrupt("bad local header for \(name)") }
            let dataOffset = local + 30 + (try r.u16(local + 26, "local name length")) + (try r.u16(local + 28, "local extra length"))
            try r.check(dataOffset, size, "zip entry \(name)")
            entries[name] = Entry(name: name, dataOffset: dataOffset, size: size)
            names.append(name)
            p += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
        self.names = names
    }
}
