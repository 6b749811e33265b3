import ArgumentParser
import Clients
import DreamFrameCore
import Foundation
import Logging
import Pipeline

/// Where the broker, Redis, the topology and the output live. Each value comes from its flag, else its environment
/// variable, else the config file (`--config`, `$DREAMFRAME_CONFIG` or `./dreamframe.json|yaml`), else the default:
/// the project's own local services started by `ops/services-up.sh`.
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("broker-url"), help: "AMQP URL amqp://user:pass@host:port/vhost (amqps:// for TLS), or a comma-separated list of a cluster's nodes to fail over between (env DREAMFRAME_BROKER_URL; default the local broker on 127.0.0.1:5673 — on another machine, give the broker host's URL).")
    public var brokerURL: String?

    @Option(name: .customLong("broker-ca"), help: "PEM file of the CA that signed the broker's TLS certificate, for amqps:// URLs (env DREAMFRAME_BROKER_CA; default the system's CA bundle).")
    public var brokerCA: String?

    @Option(name: .customLong("broker-cert"), help: "PEM file of this client's TLS certificate, for brokers that require one (env DREAMFRAME_BROKER_CERT; with --broker-key).")
    public var brokerCert: String?

    @Option(name: .customLong("broker-key"), help: "PEM file of the private key of --broker-cert (env DREAMFRAME_BROKER_KEY).")
    public var brokerKey: String?

    @Option(name: .customLong("heartbeat"), help: "AMQP heartbeat in seconds, 0 for none (env DREAMFRAME_HEARTBEAT; default 30).")
    public var heartbeat: Int?

    @Option(name: .customLong("redis-url"), help: "Redis URL redis://[user:password@]host:port/db (env DREAMFRAME_REDIS_URL; default the local Redis on 127.0.0.1:6390 — on another machine, give the Redis host's URL).")
    public var redisURL: String?

    @Option(name: .customLong("topology"), help: "RabbitMQ definitions file with the queues (env DREAMFRAME_TOPOLOGY; default Topology/definitions.json).")
    public var topology: String?

    @Option(name: [.customLong("out"), .customShort("o")], help: "Output directory (env DREAMFRAME_OUT; default ./out).")
    public var out: String?

    @Option(name: .customLong("config"), help: "JSON or YAML config file with keys such as broker_url, redis_url, out (env DREAMFRAME_CONFIG).")
    public var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env DREAMFRAME_LOG_LEVEL; default info).")
    public var logLevel: Logger.Level?

    public init() {}

    /// The flags given on the command line, as settings.
    public var flags: [SettingKey: String] {
        var flags: [SettingKey: String] = [:]
        flags[.brokerURL] = brokerURL
        flags[.brokerCA] = brokerCA
        flags[.brokerCert] = brokerCert
        flags[.brokerKey] = brokerKey
        flags[.heartbeat] = heartbeat.map(String.init)
        flags[.redisURL] = redisURL
        flags[.topology] = topology
        flags[.out] = out
        flags[.logLevel] = logLevel?.rawValue
        return flags
    }

    /// Resolves every setting and validates it; errors name the flag and what was expected.
    public func resolve(extraFlags: [SettingKey: String] = [:]) async throws -> Settings {
        let source = try await asUsageError {
            try await SettingsSource.load(flags: flags.merging(extraFlags) { own, _ in own }, explicitFile: config)
        }
        let redis = source.string(.redisURL, default: Settings.defaultRedisURL)
        let level = source.string(.logLevel, default: "info")
        let broker = try Self.broker(source)
        let redisURL: RedisURL
        do { redisURL = try RedisURL(redis) } catch { throw ValidationError("--redis-url: \(error)") }
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ValidationError("--log-level: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let loadedTopology: Topology
        do { loadedTopology = try Topology.load(path: source.string(.topology)) } catch { throw ValidationError("--topology: \(error)") }
        return Settings(broker: broker, redisURL: redisURL, topology: loadedTopology,
                        outputRoot: source.string(.out, default: "out"), logLevel: logLevel, source: source)
    }

    /// The broker URL list, its TLS files and the heartbeat, validated.
    static func broker(_ source: SettingsSource) throws -> AMQPEndpoints {
        let text = source.string(.heartbeat, default: String(AMQPEndpoints.defaultHeartbeatSeconds))
        guard let heartbeat = Int(text), AMQPEndpoints.heartbeatRange.contains(heartbeat) else {
            throw ValidationError("--heartbeat: '\(text)' is not a number of seconds from 0 (off) to \(AMQPEndpoints.heartbeatRange.upperBound)")
        }
        let ca = source.string(.brokerCA), cert = source.string(.brokerCert), key = source.string(.brokerKey)
        let tls = [ca, cert, key].allSatisfy { $0 == nil } ? nil
            : AMQPTLS(caCertificate: ca, clientCertificate: cert, clientKey: key)
        do {
            return try AMQPEndpoints(parsing: source.string(.brokerURL, default: Settings.defaultBrokerURL),
                                     heartbeatSeconds: heartbeat, tls: tls)
        } catch {
            let flags = tls == nil ? "--broker-url" : "--broker-url / --broker-ca / --broker-cert / --broker-key"
            throw ValidationError("\(flags): \(error)")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
