/// Byte-level helpers over a cell's UTF-8 text.
enum SourceText {
    /// Where an item ends. The parser gives the start of its last token; that token ends at the
    /// first whitespace, `;` or comment. A string literal (which may hold all of those) runs on
    /// to the next item (`limit`) or to an `#if` line, less trailing whitespace.
    static func endOfItem(_ source: [UInt8], start: Int, lastTokenStart: Int, limit: Int) -> Int {
        var end = min(limit, source.count)
        let lastToken = min(max(lastTokenStart, start), end)
        let first = lastToken < source.count ? source[lastToken] : 0
        var index = lastToken
        if first != UInt8(ascii: "\"") && first != UInt8(ascii: "#") {
            while index < end {
                let byte = source[index]
                let next = index + 1 < end ? source[index + 1] : 0
                if isWhitespace(byte) || byte == UInt8(ascii: ";")
                    || (byte == UInt8(ascii: "/") && (next == UInt8(ascii: "/") || next == UInt8(ascii: "*"))) {
                    end = index
                    break
                }
                index += 1
            }
        } else {
            while index < end {
                if source[index] == 0x0A, hasPrefix(source, at: skipSpaces(source, from: index + 1, to: end), "#if") {
                    end = index
                    break
                }
                index += 1
            }
        }
        while end > lastToken, isWhitespace(source[end - 1]) { end -= 1 }
        return max(end, min(lastToken + 1, source.count))
    }

    /// The first position at or after `from` that is not whitespace, `;` or a comment.
    static func skipTrivia(_ source: [UInt8], from: Int, to limit: Int) -> Int {
        var index = from
        while index < limit {
            let byte = source[index]
            let next = index + 1 < limit ? source[index + 1] : 0
            if isWhitespace(byte) || byte == UInt8(ascii: ";") {
                index += 1
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "/") {
                while index < limit, source[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                index += 2
                while index + 1 < limit, !(source[index] == UInt8(ascii: "*") && source[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, limit)
            } else {
                break
            }
        }
        return min(index, limit)
    }

    private static func skipSpaces(_ source: [UInt8], from: Int, to limit: Int) -> Int {
        var index = from
        while index < limit, source[index] == 0x20 || source[index] == 0x09 { index += 1 }
        return index
    }

    static func hasPrefix(_ source: [UInt8], at index: Int, _ prefix: String) -> Bool {
        let bytes = Array(prefix.utf8)
        return index + bytes.count <= source.count && Array(source[index..<(index + bytes.count)]) == bytes
    }

    /// The end of the line holding the `#endif` that closes the `#if` at `from`.
    static func endOfConditionalBlock(_ source: [UInt8], from: Int, limit: Int) -> Int? {
        var depth = 0
        var lineStart = from
        while lineStart < limit {
            var lineEnd = lineStart
            while lineEnd < limit, source[lineEnd] != 0x0A { lineEnd += 1 }
            let first = skipSpaces(source, from: lineStart, to: lineEnd)
            if hasPrefix(source, at: first, "#if") { depth += 1 }
            if hasPrefix(source, at: first, "#endif") {
                depth -= 1
                if depth == 0 { return lineEnd }
            }
            lineStart = lineEnd + 1
        }
        return nil
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
