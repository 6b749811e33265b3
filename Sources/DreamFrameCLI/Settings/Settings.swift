import Clients
import Logging
import Pipeline

/// The connection settings every process resolves at start: broker, Redis, topology, output and log level.
public struct Settings: Sendable {
    /// The default local broker of `ops/services-up.sh`.
    public static let defaultBrokerURL = "amqp://guest:guest@127.0.0.1:5673/%2F"
    /// The default local Redis of `ops/services-up.sh`, as its pipeline ACL user with the local default password
    /// (`ops/env.sh`; deployments set their own URL).
    public static let defaultRedisURL = "redis://dreamframe:dreamframe-local@127.0.0.1:6390/0"

    /// The broker's nodes (one URL, or one per node of a cluster) and the connections' heartbeat.
    public var broker: AMQPEndpoints
    /// The first broker node, for tools that talk to one node (the stages and publishers take ``broker``).
    public var brokerURL: AMQPURL { broker.primary }
    public var redisURL: RedisURL
    public var topology: Topology
    public var outputRoot: String
    public var logLevel: Logger.Level
    /// Where every setting came from, for the backend settings.
    public var source: SettingsSource

    /// Where outputs are written.
    public var layout: OutputLayout { OutputLayout(root: outputRoot) }
}
