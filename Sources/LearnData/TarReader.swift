// Reading the members of an uncompressed tar stream in memory (POSIX ustar, with GNU long
// names and pax path records), so an archive can be decoded without unpacking it to disk.

/// One regular file of a tar stream: its path and where its contents lie in the stream.
struct TarMember {
    let path: String
    let contents: Range<Int>
}

/// The regular files of a tar stream, in archive order. `name` is used in errors.
func tarMembers(_ bytes: [UInt8], name: String) throws -> [TarMember] {
    var members: [TarMember] = []
    var offset = 0
    var pendingPath: String?
    func field(_ start: Int, _ length: Int) -> String {
        let slice = bytes[(offset + start)..<(offset + start + length)]
        return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
    }
    func octal(_ start: Int, _ length: Int) throws -> Int {
        let slice = bytes[(offset + start)..<(offset + start + length)]
        if let first = slice.first, first & 0x80 != 0 {  // GNU base-256 for large values
            return slice.dropFirst().reduce(Int(first & 0x7F)) { $0 << 8 | Int($1) }
        }
        let digits = slice.prefix { $0 != 0 && $0 != 0x20 }.drop { $0 == 0x20 }
        let text = String(decoding: digits, as: UTF8.self)
        if text.isEmpty { return 0 }
        guard let value = Int(text, radix: 8) else {
            throw DataError.corruptArchive(path: name, reason: "bad tar header at byte \(offset)")
        }
        return value
    }
    while offset + 512 <= bytes.count {
        if bytes[offset..<(offset + 512)].allSatisfy({ $0 == 0 }) { break }  // end of archive
        let size = try octal(124, 12)
        let type = bytes[offset + 156]
        var path = field(0, 100)
        let prefix = field(345, 155)
        if field(257, 5) == "ustar" && !prefix.isEmpty { path = prefix + "/" + path }
        let start = offset + 512
        guard size >= 0, start + size <= bytes.count else {
            throw DataError.corruptArchive(path: name, reason: "tar member \(path) runs past the end of the archive")
        }
        switch type {
        case UInt8(ascii: "L"):  // GNU: the next member's long name
            pendingPath = String(decoding: bytes[start..<(start + size)].prefix { $0 != 0 }, as: UTF8.self)
        case UInt8(ascii: "x"):  // pax: "<length> path=<name>\n" records
            let text = String(decoding: bytes[start..<(start + size)], as: UTF8.self)
            for record in text.split(separator: "\n") {
                if let range = record.range(of: " path=") { pendingPath = String(record[range.upperBound...]) }
            }
        case UInt8(ascii: "0"), 0:
            members.append(TarMember(path: pendingPath ?? path, contents: start..<(start + size)))
            pendingPath = nil
        default:
            pendingPath = nil
        }
        offset = start + (size + 511) / 512 * 512
    }
    return members
}
