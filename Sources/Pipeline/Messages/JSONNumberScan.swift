import Foundation

/// Finds the number in a JSON document that a decoder refused, with its path.
///
/// Foundation's `JSONDecoder` on Linux reports a number that does not fit its field (a negative or 2^64 seed, an
/// index of 1.5, a 1e400) as "The given data was not valid JSON", with no path. Given the failing decode, this scans
/// the document's numbers in order and finds the first whose replacement by `0` changes the decoder's verdict: that
/// number is the one it refused. Only numbers that cannot be a plain `Int` (negative, fractional, exponent, too long)
/// are tried, at most `maxTries` of them.
enum JSONNumberScan {
    /// Whether `data` nests arrays and objects deeper than `limit` (strings skipped): checked before any decoding,
    /// since decoding a deeply nested document takes time that grows with its depth far faster than with its size.
    static func nestsDeeper(than limit: Int, _ data: Data) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// A number literal: its path (`body.seed`, `body.hints.characters[0]`) and byte range in the document.
    struct Number {
        var path: String
        var range: Range<Int>
        var literal: String
    }

    /// The first number `decode` refused (it passes after replacing just that number by 0, or fails differently).
    static func refusedNumber(in data: Data, maxTries: Int = 8, decode: (Data) -> String?) -> Number? {
        let verdict = decode(data)
        var tries = 0
        for number in numbers(in: data) where isSuspect(number.literal) {
            guard tries < maxTries else { return nil }
            tries += 1
            var patched = data
            patched.replaceSubrange(number.range, with: Data("0".utf8))
            if decode(patched) != verdict { return number }
        }
        return nil
    }

    /// Whether a literal could fail to decode as a whole number of an ordinary size.
    static func isSuspect(_ literal: String) -> Bool {
        literal.hasPrefix("-") || literal.contains(where: { ".eE".contains($0) }) || literal.count > 18
    }

    /// Every number literal with its path, in document order. Tolerant: stops at the first thing it cannot read.
    /// A path is built only for a number found (each open container keeps its pending key or index), so the scan
    /// stays linear in the document's size for any depth.
    static func numbers(in data: Data) -> [Number] {
        let bytes = [UInt8](data)
        var found: [Number] = []
        // One frame per open container: whether it is an object, its pending key, its next array index.
        var stack: [(object: Bool, key: String?, index: Int)] = []
        var i = 0
        func currentPath() -> String {
            var path = ""
            for frame in stack {
                if frame.object {
                    path += path.isEmpty ? (frame.key ?? "") : ".\(frame.key ?? "")"
                } else {
                    path += "[\(frame.index)]"
                }
            }
            return path
        }
        func valueDone() {
            guard !stack.isEmpty else { return }
            if stack[stack.count - 1].object { stack[stack.count - 1].key = nil } else { stack[stack.count - 1].index += 1 }
        }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                stack.append((c == UInt8(ascii: "{"), nil, 0))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return found }
                stack.removeLast()
                valueDone()
                i += 1
            case UInt8(ascii: "\""):
                guard let end = stringEnd(bytes, from: i) else { return found }
                let text = String(decoding: bytes[(i + 1)..<(end - 1)], as: UTF8.self)
                i = end
                var j = i
                while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
                if let top = stack.last, top.object, top.key == nil, j < bytes.count, bytes[j] == UInt8(ascii: ":") {
                    stack[stack.count - 1].key = text
                } else {
                    valueDone()
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var j = i
                while j < bytes.count, "+-.eE0123456789".utf8.contains(bytes[j]) { j += 1 }
                found.append(Number(path: currentPath(), range: i..<j, literal: String(decoding: bytes[i..<j], as: UTF8.self)))
                valueDone()
                i = j
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                while i < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i]) { i += 1 }
                valueDone()
            default:
                i += 1
            }
        }
        return found
    }

    /// The index just past the closing quote of the string opening at `start`, or nil when it never closes.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
            i += 1
        }
        return nil
    }
}
