import Foundation

/// The rules single fields are held to at the door; each answers nil when the value is fine, else the rule it
/// broke, for a ``MessageViolation``.
enum FieldRules {
    /// An id: 1…`maxBytes` bytes of ASCII letters, digits, `.`, `_`, `-`, starting with a letter, digit or `_`
    /// (see ``MessageLimits``).
    static func id(_ id: String, maxBytes: Int) -> String? {
        let bytes = id.utf8
        guard !bytes.isEmpty else { return "an id must not be empty" }
        guard bytes.count <= maxBytes else { return "ids are at most \(maxBytes) bytes (this one is \(bytes.count))" }
        guard bytes.allSatisfy(isIdByte) else { return "ids use only ASCII letters, digits, '.', '_' and '-'" }
        guard let first = bytes.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else {
            return "an id starts with a letter, a digit or '_'"
        }
        return nil
    }

    /// A message id: ids (as ``id(_:maxBytes:)`` allows, plus `/` between them), at most `maxBytes` bytes.
    static func messageId(_ id: String, maxBytes: Int) -> String? {
        let bytes = id.utf8
        guard !bytes.isEmpty else { return "an id must not be empty" }
        guard bytes.count <= maxBytes else { return "ids are at most \(maxBytes) bytes (this one is \(bytes.count))" }
        for part in id.split(separator: "/", omittingEmptySubsequences: false) {
            if let problem = Self.id(String(part), maxBytes: maxBytes) {
                return "a message id is ids joined by '/': \(problem)"
            }
        }
        return nil
    }

    /// A text: at most `maxBytes` bytes of UTF-8 with no control characters but tab, line feed and carriage return.
    static func text(_ text: String, maxBytes: Int) -> String? {
        let size = text.utf8.count
        guard size <= maxBytes else { return "at most \(maxBytes) bytes (this one is \(size))" }
        if let bad = text.unicodeScalars.first(where: isForbiddenControl) {
            return "no control characters (found U+\(String(format: "%04X", bad.value)))"
        }
        return nil
    }

    /// A list: at most `maxCount` entries.
    static func count(_ count: Int, maxCount: Int) -> String? {
        count <= maxCount ? nil : "at most \(maxCount) entries (this one has \(count))"
    }

    static func isIdByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        default: return false
        }
    }
}
