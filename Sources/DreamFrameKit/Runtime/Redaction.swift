import Foundation

/// Removes credentials from text before it reaches a log or an error message.
public enum Redaction {
    /// Replaces the password of `scheme://user:password@host` with `***`.
    public static func url(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"),
              let at = text[schemeEnd.upperBound...].firstIndex(of: "@") else { return text }
        let userinfo = text[schemeEnd.upperBound..<at]
        let user = userinfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let shown = userinfo.contains(":") ? "\(user):***" : (user.isEmpty ? "" : "***")
        return text[..<schemeEnd.upperBound] + shown + text[at...]
    }
}
