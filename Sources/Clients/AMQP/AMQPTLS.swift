import DreamFrameCore
import Foundation

/// How an `amqps://` connection trusts the broker and, optionally, proves who it is (rabbitmq-c's OpenSSL socket).
///
/// The broker's certificate must chain to ``caCertificate`` (the system's CA bundle when nil) and name the host of
/// the URL, unless ``verifyPeer`` is off. A client certificate and its key are sent when the broker asks for one
/// (`ssl_options.verify = verify_peer`, `fail_if_no_peer_cert = true` in rabbitmq.conf).
public struct AMQPTLS: Sendable, Hashable {
    /// Debian's bundle of public CAs, used when no CA file is given.
    public static let systemCABundle = "/etc/ssl/certs/ca-certificates.crt"

    /// PEM file with the CA certificate(s) the broker's certificate must chain to; nil: ``systemCABundle``.
    public var caCertificate: String?
    /// PEM file with this client's certificate (with ``clientKey``), for brokers that require one.
    public var clientCertificate: String?
    /// PEM file with the private key of ``clientCertificate``.
    public var clientKey: String?
    /// Whether the broker's certificate chain and host name are checked (on unless explicitly turned off).
    public var verifyPeer: Bool

    /// TLS with the given files; every one optional.
    public init(caCertificate: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil,
                verifyPeer: Bool = true) {
        self.caCertificate = caCertificate
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.verifyPeer = verifyPeer
    }

    /// This TLS with every file it leaves unset taken from `defaults` (settings apply to every `amqps://` node;
    /// a URL's own query parameters win).
    public func filling(from defaults: AMQPTLS) -> AMQPTLS {
        var merged = self
        merged.caCertificate = caCertificate ?? defaults.caCertificate
        if clientCertificate == nil && clientKey == nil {
            merged.clientCertificate = defaults.clientCertificate
            merged.clientKey = defaults.clientKey
        }
        return merged
    }

    /// The CA file in use: the given one, else the system bundle.
    var caFile: String { caCertificate ?? Self.systemCABundle }

    /// Checks that a certificate comes with its key and that every named file is readable.
    ///
    /// - Throws: ``ConfigurationError`` naming the file or the missing half.
    public func validate() throws {
        if (clientCertificate == nil) != (clientKey == nil) {
            throw ConfigurationError.invalid("broker TLS client certificate", value: clientCertificate ?? clientKey ?? "",
                                             expected: "both a certificate and its key (certfile and keyfile)")
        }
        let files = [("CA certificate", caCertificate), ("client certificate", clientCertificate),
                     ("client key", clientKey)]
        for case let (what, path?) in files where !FileManager.default.isReadableFile(atPath: path) {
            throw ConfigurationError.invalid("broker TLS \(what)", value: path, expected: "a readable PEM file")
        }
    }

    /// The URL query parameters this TLS is read from (RabbitMQ's URI spec names).
    enum QueryKey: String, CaseIterable {
        case cacertfile, certfile, keyfile, verify
    }

    /// Reads TLS settings from an `amqps://` URL's query (`cacertfile`, `certfile`, `keyfile`,
    /// `verify=verify_peer|verify_none`); other parameters are ignored, as they always were.
    ///
    /// - Throws: ``ConfigurationError`` for a `verify` value other than `verify_peer` or `verify_none`.
    init(query items: [URLQueryItem]) throws {
        var values: [QueryKey: String] = [:]
        for item in items {
            if let key = QueryKey(rawValue: item.name), let value = item.value, !value.isEmpty { values[key] = value }
        }
        var verify = true
        switch values[.verify] {
        case nil, "verify_peer": verify = true
        case "verify_none": verify = false
        case let other?:
            throw ConfigurationError.invalid("broker URL parameter verify", value: other,
                                             expected: "verify_peer or verify_none")
        }
        self.init(caCertificate: values[.cacertfile], clientCertificate: values[.certfile],
                  clientKey: values[.keyfile], verifyPeer: verify)
    }
}
