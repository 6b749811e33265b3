import Clients
import Foundation
import Models
import Pipeline

/// The console's data from the real services: queue figures from the broker (and its management API), worker
/// heartbeats, progress and styles from Redis, dead letters browsed without requeueing, replays published with
/// confirms.
public struct LiveConsoleSource: ConsoleSource {
    let monitor: QueueMonitor
    let replayer: DeadLetterReplayer
    let redis: RedisClient
    let publisher: AMQPPublisher
    let http: HTTPClient

    /// A source over `broker` (its management API at `managementURL`), `redis` and `publisher`, which the caller
    /// runs; `http` reads the management API.
    public init(broker: AMQPEndpoints, topology: Topology, managementURL: URL?, redis: RedisClient,
                publisher: AMQPPublisher, http: HTTPClient) {
        monitor = QueueMonitor(broker: broker, topology: topology, managementURL: managementURL)
        replayer = DeadLetterReplayer(broker: broker, topology: topology)
        self.redis = redis
        self.publisher = publisher
        self.http = http
    }

    public func fleet() async throws -> FleetStatus {
        let queues = try await monitor.snapshot(http: http)
        return FleetStatus(queues: queues, workers: try await WorkerRegistry(redis: redis).workers(), run: nil)
    }

    public func runIds() async throws -> [String] {
        try await RedisPipelineStore(redis: redis).runIds()
    }

    public func progress(runId: String, stale: Double) async throws -> RunProgress? {
        let workers = try await WorkerRegistry(redis: redis).workers()
        return try await RunProgress.load(runId: runId, state: RedisPipelineStore(redis: redis), stale: stale,
                                          frameRate: FleetStatus.frameRate(workers))
    }

    public func deadLetters(_ filter: DeadLetterFilter) async throws -> [DeadLetter] {
        try await replayer.list(filter, limit: 1000)
    }

    public func replay(_ filter: DeadLetterFilter) async throws -> [DeadLetter] {
        try await replayer.replay(filter, publisher: publisher, limit: 1000)
    }

    public func styles() async throws -> [StyleEmbedding] {
        try await StyleCache(redis: redis).all()
    }
}
