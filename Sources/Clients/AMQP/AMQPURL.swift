import DreamFrameCore
import Foundation

/// A broker address parsed from `amqp://user:pass@host:port/vhost`.
///
/// `description` never shows the password, so a URL can be logged safely.
public struct AMQPURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port (5672 when the URL has none).
    public var port: Int
    /// User name (`guest` by default).
    public var user: String
    /// Password (`guest` by default); never shown by `description`.
    public var password: String
    /// Virtual host, percent-decoded (`/` by default).
    public var vhost: String

    /// Parses an AMQP URL; the vhost is percent-decoded ("%2F" is "/"), an empty path means "/".
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), components.scheme == "amqp" else {
            throw ConfigurationError.invalid("broker URL", value: Redaction.url(text),
                                             expected: "amqp://user:password@host:port/vhost")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError.invalid("broker URL", value: Redaction.url(text), expected: "a host name")
        }
        self.host = host
        self.port = components.port ?? 5672
        self.user = components.user ?? "guest"
        self.password = components.password ?? "guest"
        let path = components.percentEncodedPath
        if path.isEmpty || path == "/" {
            vhost = "/"
        } else {
            vhost = String(path.dropFirst()).removingPercentEncoding ?? String(path.dropFirst())
        }
    }

    /// The URL with the password masked.
    public var description: String {
        let encodedVhost = vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? vhost
        return "amqp://\(user):***@\(host):\(port)/\(encodedVhost)"
    }
}
