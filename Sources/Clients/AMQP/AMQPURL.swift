import DreamFrameCore
import Foundation

/// A broker address parsed from `amqp://user:pass@host:port/vhost`, or `amqps://…` for TLS.
///
/// An `amqps://` URL (port 5671 by default) connects through rabbitmq-c's OpenSSL socket; its query may carry the
/// TLS files the way RabbitMQ's URI spec names them: `?cacertfile=/ca.pem&certfile=/cert.pem&keyfile=/key.pem`,
/// and `verify=verify_none` to skip checking the broker's certificate (tests only). `description` never shows the
/// password, so a URL can be logged safely.
public struct AMQPURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port (5672 when the URL has none; 5671 for `amqps://`).
    public var port: Int
    /// User name (`guest` by default).
    public var user: String
    /// Password (`guest` by default); never shown by `description`.
    public var password: String
    /// Virtual host, percent-decoded (`/` by default).
    public var vhost: String
    /// TLS settings for an `amqps://` URL; nil for plain `amqp://`.
    public var tls: AMQPTLS?

    /// Parses an AMQP URL; the vhost is percent-decoded ("%2F" is "/"), an empty path means "/".
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["amqp", "amqps"].contains(scheme) else {
            throw ConfigurationError.invalid("broker URL", value: Redaction.url(text),
                                             expected: "amqp://user:password@host:port/vhost (or amqps:// for TLS)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError.invalid("broker URL", value: Redaction.url(text), expected: "a host name")
        }
        let query = components.queryItems ?? []
        if scheme == "amqps" {
            tls = try AMQPTLS(query: query)
        } else {
            tls = nil
            if let item = query.first(where: { AMQPTLS.QueryKey(rawValue: $0.name) != nil }) {
                throw ConfigurationError.invalid("broker URL", value: Redaction.url(text),
                                                 expected: "amqps:// for the TLS parameter '\(item.name)'")
            }
        }
        self.host = host
        self.port = components.port ?? (scheme == "amqps" ? 5671 : 5672)
        self.user = components.user ?? "guest"
        self.password = components.password ?? "guest"
        let path = components.percentEncodedPath
        if path.isEmpty || path == "/" {
            vhost = "/"
        } else {
            vhost = String(path.dropFirst()).removingPercentEncoding ?? String(path.dropFirst())
        }
    }

    /// The URL with the password masked (and no TLS file names).
    public var description: String {
        let encodedVhost = vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? vhost
        return "\(tls == nil ? "amqp" : "amqps")://\(user):***@\(host):\(port)/\(encodedVhost)"
    }
}
