import DreamFrameCore
import Foundation

/// The broker nodes a client may connect to — one URL for a single broker, one per node of a cluster — and the
/// heartbeat its connections negotiate.
///
/// Clients connect to the first node; when a connection cannot be made or is lost they move on to the next one,
/// round-robin (see ``AMQPPublisher``, ``AMQPConsumer``, ``AMQPAdmin``). `description` never shows a password.
public struct AMQPEndpoints: Sendable, Hashable, CustomStringConvertible {
    /// The default heartbeat, in seconds.
    public static let defaultHeartbeatSeconds = 30
    /// The heartbeats AMQP can negotiate (a short unsigned integer); 0 turns heartbeats off.
    public static let heartbeatRange = 0...Int(UInt16.max)

    /// The nodes, in the order they are tried; never empty.
    public let urls: [AMQPURL]
    /// The heartbeat each connection asks for, in seconds (0: none). A peer silent for two heartbeats is gone.
    public let heartbeatSeconds: Int

    /// One broker, with the default heartbeat.
    public init(_ url: AMQPURL) {
        urls = [url]
        heartbeatSeconds = Self.defaultHeartbeatSeconds
    }

    /// Several nodes of one cluster, tried in this order.
    ///
    /// - Throws: ``ConfigurationError`` when `urls` is empty or the heartbeat is outside ``heartbeatRange``.
    public init(_ urls: [AMQPURL], heartbeatSeconds: Int = Self.defaultHeartbeatSeconds) throws {
        guard !urls.isEmpty else {
            throw ConfigurationError.invalid("broker URL", value: "", expected: "at least one amqp:// URL")
        }
        guard Self.heartbeatRange.contains(heartbeatSeconds) else {
            throw ConfigurationError.invalid("heartbeat", value: String(heartbeatSeconds),
                                             expected: "seconds from 0 (off) to \(Self.heartbeatRange.upperBound)")
        }
        self.urls = urls
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// Parses a comma-separated list of AMQP URLs (`amqp://u:p@host1:5672/%2F,amqp://u:p@host2:5672/%2F`, or
    /// `amqps://` for TLS); blanks around entries are ignored. A comma inside a password must be percent-encoded
    /// (`%2C`). `tls` fills in the TLS files every `amqps://` URL leaves unset (its own query parameters win).
    ///
    /// - Throws: ``ConfigurationError`` naming the entry (with its password masked) that is not an AMQP URL, a TLS
    ///   file that cannot be read, or `tls` given without any `amqps://` URL.
    public init(parsing list: String, heartbeatSeconds: Int = Self.defaultHeartbeatSeconds, tls: AMQPTLS? = nil) throws {
        let entries = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var urls = try entries.enumerated().map { index, entry in
            do {
                return try AMQPURL(entry)
            } catch {
                guard entries.count > 1 else { throw error }
                throw ConfigurationError.invalid("broker URL \(index + 1) of \(entries.count)",
                                                 value: Redaction.url(entry),
                                                 expected: "amqp://user:password@host:port/vhost or amqps://… (\(error))")
            }
        }
        if let tls {
            guard urls.contains(where: { $0.tls != nil }) else {
                throw ConfigurationError.invalid("broker TLS options", value: "a CA, certificate or key file",
                                                 expected: "an amqps:// broker URL to apply them to")
            }
            for index in urls.indices { urls[index].tls = urls[index].tls?.filling(from: tls) }
        }
        for url in urls { try url.tls?.validate() }
        try self.init(urls, heartbeatSeconds: heartbeatSeconds)
    }

    /// The first node: where clients connect first.
    public var primary: AMQPURL { urls[0] }

    /// The URLs, comma-separated, passwords masked.
    public var description: String { urls.map(\.description).joined(separator: ",") }
}
