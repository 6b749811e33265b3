import Foundation

/// The project's JSON presets, so every file and message is written the same way.
public enum JSONCoding {
    /// Pretty, key-sorted JSON without escaped slashes: files people read and diff (`story.json`, records, datasets).
    public static func prettyEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Compact, key-sorted JSON without escaped slashes: messages, Redis values and prompts (stable bytes for the
    /// same value).
    public static func compactEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as pretty JSON bytes.
    public static func pretty<T: Encodable>(_ value: T) throws -> Data {
        try prettyEncoder().encode(value)
    }

    /// `value` as pretty JSON text, or `fallback` when it cannot be encoded (for printing).
    public static func prettyString<T: Encodable>(_ value: T, fallback: String = "null") -> String {
        (try? pretty(value)).map { String(decoding: $0, as: UTF8.self) } ?? fallback
    }

    /// `value` as compact JSON text.
    public static func compactString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try compactEncoder().encode(value), as: UTF8.self)
    }
}
