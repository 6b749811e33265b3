import DreamFrameCore
import Foundation

/// Which HTTP headers and request parts carry credentials, so they never reach error text or logs.
///
/// Header values of `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and any header whose name
/// contains `key`, `token`, `secret`, `auth` or `password` are secrets; URLs are redacted by ``Redaction``.
public enum HTTPRedaction {
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
}
