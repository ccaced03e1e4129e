/// Byte-level helpers over a cell's UTF-8 text.
enum SourceText {
    /// Where an item ends. The parser gives the start of its last token; the item runs on to
    /// the next item (`limit`), and only trailing whitespace, `;` and comments are cut off.
    static func endOfItem(_ source: [UInt8], start: Int, lastTokenStart: Int, limit: Int) -> Int {
        var end = min(limit, source.count)
        let lastToken = min(max(lastTokenStart, start), end)
        let first = lastToken < source.count ? source[lastToken] : 0
        // A string literal may hold `;` or `//`; then only whitespace is trimmed.
        if first != UInt8(ascii: "\"") && first != UInt8(ascii: "#") {
            var index = lastToken
            while index < end {
                let byte = source[index]
                let next = index + 1 < end ? source[index + 1] : 0
                if byte == UInt8(ascii: ";") || (byte == UInt8(ascii: "/") && (next == UInt8(ascii: "/") || next == UInt8(ascii: "*"))) {
                    end = index
                    break
                }
                index += 1
            }
        }
        while end > lastToken, isWhitespace(source[end - 1]) { end -= 1 }
        return max(end, min(lastToken + 1, source.count))
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// 1-based line and column (in bytes) of a byte offset.
    static func lineAndColumn(_ source: [UInt8], offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, source.count) where source[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    static func string(_ source: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: source[range], as: UTF8.self)
    }
}
