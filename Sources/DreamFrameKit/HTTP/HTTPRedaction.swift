import Foundation

/// Removes credentials from text that may reach error messages or logs.
///
/// URLs lose their userinfo (`user:password@`) and every query value (names are kept: `?api_key=***`); the
/// fragment is dropped. Header values of `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and any
/// header whose name contains `key`, `token`, `secret` or `auth` are considered secrets.
public enum HTTPRedaction {
    /// The replacement for a secret.
    public static let mask = "***"

    /// Returns `url` with userinfo and query values replaced by ``mask`` and without its fragment.
    public static func redact(url: URL) -> String { redact(urlString: url.absoluteString) }

    /// Returns the URL string with userinfo and query values masked; text that is not a URL is returned with any
    /// `scheme://user:pass@` prefix masked.
    public static func redact(urlString: String) -> String {
        guard var components = URLComponents(string: urlString), components.scheme != nil else {
            return maskUserinfo(in: urlString)
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
        return components.string ?? maskUserinfo(in: urlString)
    }

    /// True when a header with this name carries credentials.
    public static func isSensitiveHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["authorization", "proxy-authorization", "cookie", "set-cookie"].contains(lower) { return true }
        return ["key", "token", "secret", "auth", "password"].contains { lower.contains($0) }
    }

    /// The secrets a request carries: sensitive header values (and the credential after `Bearer `/`Basic `),
    /// URL userinfo parts and query values. Used to scrub free text (server bodies, libcurl messages).
    static func secrets(of request: HTTPRequest) -> [String] {
        var found: [String] = []
        for field in request.headers where isSensitiveHeader(field.name) {
            found.append(field.value)
            if let space = field.value.firstIndex(of: " ") {
                found.append(String(field.value[field.value.index(after: space)...]))
            }
        }
        if let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false) {
            found += [components.user, components.password, components.percentEncodedUser,
                      components.percentEncodedPassword].compactMap { $0 }
            found += (components.queryItems ?? []).compactMap(\.value)
            found += (components.percentEncodedQueryItems ?? []).compactMap(\.value)
        }
        // Very short values (e.g. "1" in ?page=1) would shred the text; they are masked in URLs anyway.
        return Array(Set(found.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// Replaces every occurrence of each secret in `text` by ``mask``, then masks URL userinfo.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        return maskUserinfo(in: result)
    }

    /// Masks `scheme://userinfo@` occurrences in free text.
    static func maskUserinfo(in text: String) -> String {
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
