import Foundation

/// Removes credentials from text before it reaches a log, an error message, a header or a file.
///
/// URLs lose their userinfo (`user:password@` becomes `***@`) and every query value (names are kept:
/// `?api_key=***`); the fragment is dropped. Free text has every `scheme://userinfo@` masked.
public enum Redaction {
    /// The replacement for a secret.
    public static let mask = "***"

    /// The URL text with userinfo and query values masked and without its fragment; text that is not a URL is
    /// returned with any `scheme://user:pass@` masked.
    public static func url(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.scheme != nil else {
            return maskUserinfo(in: text)
        }
        if components.user != nil || components.password != nil {
            components.user = mask
            components.password = nil
        }
        if let items = components.queryItems, !items.isEmpty {
            components.percentEncodedQuery = items
                .map { "\($0.name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.name)=\(mask)" }
                .joined(separator: "&")
        }
        components.fragment = nil
        return components.string ?? maskUserinfo(in: text)
    }

    /// `url` redacted (see ``url(_:)-(String)``).
    public static func url(_ url: URL) -> String { self.url(url.absoluteString) }

    /// Replaces every occurrence of each secret in `text` by ``mask``, then masks URL userinfo.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        return maskUserinfo(in: result)
    }

    /// Masks `scheme://userinfo@` occurrences in free text.
    public static func maskUserinfo(in text: String) -> String {
        guard text.contains("@"), text.contains("://") else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "://") {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let authorityEnd = rest.firstIndex { "/?# \t\n\"'".contains($0) } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                output += mask + "@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }
}
