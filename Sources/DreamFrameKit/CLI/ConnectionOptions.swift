import ArgumentParser
import Foundation
import Logging

/// Where the broker, Redis, the topology and the output live. Each value comes from its flag, else its environment
/// variable, else the config file (`--config`, `$DREAMFRAME_CONFIG` or `./dreamframe.json`), else the default: the
/// project's own local services started by `ops/services-up.sh`.
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("broker-url"), help: "AMQP URL amqp://user:pass@host:port/vhost (env DREAMFRAME_BROKER_URL).")
    public var brokerURL: String?

    @Option(name: .customLong("redis-url"), help: "Redis URL redis://[:password@]host:port/db (env DREAMFRAME_REDIS_URL).")
    public var redisURL: String?

    @Option(name: .customLong("topology"), help: "RabbitMQ definitions file with the queues (env DREAMFRAME_TOPOLOGY; default Topology/definitions.json).")
    public var topology: String?

    @Option(name: [.customLong("out"), .customShort("o")], help: "Output directory (env DREAMFRAME_OUT; default ./out).")
    public var out: String?

    @Option(name: .customLong("config"), help: "JSON config file with keys broker_url, redis_url, topology, out, log_level (env DREAMFRAME_CONFIG).")
    public var config: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env DREAMFRAME_LOG_LEVEL; default info).")
    public var logLevel: String?

    public init() {}

    /// The default local broker and Redis of `ops/services-up.sh`.
    public static let defaultBrokerURL = "amqp://guest:guest@127.0.0.1:5673/%2F"
    public static let defaultRedisURL = "redis://127.0.0.1:6390/0"

    /// Resolves every setting and validates it; errors name the flag and what was expected.
    public func resolve() throws -> Configuration {
        let environment = ProcessInfo.processInfo.environment
        let file = try ConfigFile.load(explicit: config ?? environment["DREAMFRAME_CONFIG"])
        func pick(_ flag: String?, _ env: String, _ key: String, _ fallback: String?) -> String? {
            flag ?? environment[env].flatMap { $0.isEmpty ? nil : $0 } ?? file[key] ?? fallback
        }
        let broker = pick(brokerURL, "DREAMFRAME_BROKER_URL", "broker_url", Self.defaultBrokerURL)!
        let redis = pick(redisURL, "DREAMFRAME_REDIS_URL", "redis_url", Self.defaultRedisURL)!
        let out = pick(self.out, "DREAMFRAME_OUT", "out", "out")!
        let level = pick(logLevel, "DREAMFRAME_LOG_LEVEL", "log_level", "info")!
        let topologyPath = pick(topology, "DREAMFRAME_TOPOLOGY", "topology", nil)

        let amqp: AMQPURL, redisURL: RedisURL
        do { amqp = try AMQPURL(broker) } catch { throw ValidationError("--broker-url: \(error)") }
        do { redisURL = try RedisURL(redis) } catch { throw ValidationError("--redis-url: \(error)") }
        guard let logLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ValidationError("--log-level: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let loadedTopology: Topology
        do { loadedTopology = try Topology.load(path: topologyPath) } catch { throw ValidationError("--topology: \(error)") }
        return Configuration(brokerURL: amqp, redisURL: redisURL, topology: loadedTopology, outputRoot: out,
                             logLevel: logLevel, file: file)
    }
}

/// Settings resolved from flags, environment and config file.
public struct Configuration: Sendable {
    public var brokerURL: AMQPURL
    public var redisURL: RedisURL
    public var topology: Topology
    public var outputRoot: String
    public var logLevel: Logger.Level
    /// Every key of the config file, for backend settings.
    public var file: ConfigFile

    public var layout: OutputLayout { OutputLayout(root: outputRoot) }
}

/// A flat JSON config file of string, number or boolean values.
public struct ConfigFile: Sendable {
    public var values: [String: String]
    public var path: String?

    public subscript(key: String) -> String? { values[key] }

    /// Loads `explicit`, else `./dreamframe.json` if present, else nothing.
    public static func load(explicit: String?) throws -> ConfigFile {
        let path = explicit ?? (FileManager.default.fileExists(atPath: "dreamframe.json") ? "dreamframe.json" : nil)
        guard let path else { return ConfigFile(values: [:], path: nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--config: cannot read '\(path)'")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("--config: '\(path)' is not a JSON object of settings")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let s as String: values[key] = s
            case let n as NSNumber: values[key] = n.stringValue
            default: throw ValidationError("--config: key '\(key)' in '\(path)' must be a string, number or boolean")
            }
        }
        return ConfigFile(values: values, path: path)
    }
}
