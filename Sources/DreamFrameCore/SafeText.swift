import Foundation

/// Text from outside — a model's answer, a message's field, an error quoting either — made fit for one line of a
/// log, an AMQP header or a terminal: nothing in it can end the line, forge another, move the cursor, reorder what
/// is shown after it, or grow without bound.
///
/// Unsafe scalars are written as `\u{…}` (so the text stays readable and nothing is lost silently): every control
/// character (C0 including tab, CR and LF; DEL; C1), the line and paragraph separators U+2028 and U+2029, and the
/// bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) that would make a
/// terminal or viewer show the rest of the line reversed. Escaping is idempotent: escaped text escapes to itself.
public enum SafeText {
    /// True for a scalar ``escaped(_:)`` writes as `\u{…}`.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x2028, 0x2029: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `scalar` as ``escaped(_:)`` writes it: itself when safe, else `\u{hex}`.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        isUnsafe(scalar) ? "\\u{\(String(scalar.value, radix: 16))}" : String(Character(scalar))
    }

    /// `text` with every unsafe scalar written as `\u{hex}`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) { out.append(contentsOf: escaped(scalar).unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// `text` escaped, then cut to at most `maxBytes` bytes of UTF-8 (on a scalar boundary, never inside an
    /// escape), ending in `…` when cut. Bytes, not characters: one character can hold any number of combining
    /// scalars, so a bound in characters bounds nothing.
    public static func line(_ text: String, maxBytes: Int) -> String {
        let limit = max(maxBytes, 4)
        if text.utf8.count <= limit, !text.unicodeScalars.contains(where: isUnsafe) { return text }
        let ellipsis = "…"
        let room = limit - ellipsis.utf8.count
        var out = String.UnicodeScalarView(), size = 0, fitsAt: String.UnicodeScalarView?
        for scalar in text.unicodeScalars {
            let piece = escaped(scalar)
            let length = piece.utf8.count
            if size + length > room, fitsAt == nil { fitsAt = out }
            guard size + length <= limit else { return String(fitsAt ?? out) + ellipsis }
            out.append(contentsOf: piece.unicodeScalars)
            size += length
        }
        return String(out)
    }
}
