import Foundation

/// Removes credentials from text before it reaches a log, an error message, a header or a file.
///
/// URLs lose their userinfo (`user:password@` becomes `***@`) and every query value (names are kept:
/// `?api_key=***`); the fragment is dropped. Free text has every `scheme://userinfo@` masked. Userinfo is found on
/// the raw text, before any URL parsing, up to the last `@` before the next blank, quote or comma, so a password an
/// operator typed without percent-encoding its `/`, `?`, `#` or `@` is masked whole too (a URL parser would take
/// part of it for the host, port, path or fragment).
public enum Redaction {
    /// The replacement for a secret.
    public static let mask = "***"

    /// The URL text with userinfo and query values masked and without its fragment; text that is not a URL is
    /// returned with any `scheme://user:pass@` masked.
    public static func url(_ text: String) -> String {
        let masked = maskUserinfo(in: text)
        guard var components = URLComponents(string: masked), components.scheme != nil else { return masked }
        if let items = components.queryItems, !items.isEmpty {
            components.percentEncodedQuery = items
                .map { "\($0.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.name)=\(mask)" }
                .joined(separator: "&")
        }
        components.fragment = nil
        return components.string ?? masked
    }

    /// `url` redacted (see ``url(_:)-(String)``).
    public static func url(_ url: URL) -> String { self.url(url.absoluteString) }

    /// Replaces every occurrence of each secret in `text` — as is and percent-encoded — by ``mask``, then masks
    /// URL userinfo.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: mask)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret {
                result = result.replacingOccurrences(of: encoded, with: mask)
            }
        }
        return maskUserinfo(in: result)
    }

    /// Masks `scheme://userinfo@` occurrences in free text: everything from the `://` to the last `@` before the
    /// next blank, quote, comma or `://`.
    public static func maskUserinfo(in text: String) -> String {
        guard text.contains("@"), text.contains("://") else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "://") {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            var end = rest.firstIndex { " \t\r\n\"'`,<>".contains($0) } ?? rest.endIndex
            if let next = rest[..<end].range(of: "://") { end = next.lowerBound }
            if let at = rest[..<end].lastIndex(of: "@") {
                output += mask + "@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }
}
