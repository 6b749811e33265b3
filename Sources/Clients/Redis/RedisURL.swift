import DreamFrameCore
import Foundation

/// A Redis address parsed from `redis://[[user]:password@]host:port/db` (user and password percent-decoded; with a
/// user, AUTH names it — a Redis 6+ ACL user); `description` hides the password.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port (6379 when the URL has none).
    public var port: Int
    /// ACL user, if the URL names one.
    public var user: String?
    /// Password (sent with AUTH); never shown by `description`.
    public var password: String?
    /// Database number (SELECTed when not 0).
    public var database: Int

    /// Parses a Redis URL; throws `ConfigurationError` when it is not one.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), components.scheme == "redis",
              let host = components.host, !host.isEmpty else {
            throw ConfigurationError.invalid("Redis URL", value: Redaction.url(text),
                                             expected: "redis://[user:password@]host:port/db")
        }
        self.host = host
        self.port = components.port ?? 6379
        let user = components.user?.removingPercentEncoding
        self.user = (user?.isEmpty ?? true) ? nil : user
        self.password = components.password?.removingPercentEncoding
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if path.isEmpty {
            database = 0
        } else if let db = Int(path), db >= 0 {
            database = db
        } else {
            throw ConfigurationError.invalid("Redis URL database", value: path, expected: "a number such as /0")
        }
    }

    /// The URL with the password masked.
    public var description: String {
        let auth = password == nil ? "" : "\(user ?? ""):***@"
        return "redis://\(auth)\(host):\(port)/\(database)"
    }
}
