import Foundation

/// HTML text from anything a model, a message or an operator wrote: the five characters that could end text or
/// a quoted attribute, or start markup, become entities (as the gallery does), so it shows literally and runs
/// nothing. Our own markup is written as literals; everything interpolated into it goes through ``escape(_:)``.
public enum HTML {
    /// `text` as HTML text or a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `text` as one query-string value (`a b&c` → `a%20b%26c`).
    public static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .init(charactersIn:
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ""
    }
}
