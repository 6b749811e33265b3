import Clients
import DreamFrameCore
import Foundation

/// The stage processes alive right now, from their heartbeats in Redis: each process writes its ``WorkerReport``
/// every few seconds with a lifetime of a few intervals, so a process that died or lost Redis drops out by itself.
public struct WorkerRegistry: Sendable {
    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// Writes `report`, to live `lifetime` unless written again.
    public func publish(_ report: WorkerReport, lifetime: Duration) async throws {
        try await redis.send(["SET", PipelineKeys.worker(report.token), try JSONCoding.compactString(report),
                              "EX", String(max(1, lifetime.components.seconds))])
    }

    /// Removes the process's report (it is shutting down).
    public func remove(token: String) async throws {
        try await redis.send(["DEL", PipelineKeys.worker(token)])
    }

    /// Every live report, by stage then host and pid; a report that does not decode is skipped.
    public func workers() async throws -> [WorkerReport] {
        var cursor = "0", keys: [String] = []
        repeat {
            let reply = try await redis.send(["SCAN", cursor, "MATCH", PipelineKeys.workerPattern, "COUNT", "500"]).array
            cursor = reply.first?.string ?? "0"
            keys += reply.last?.array.compactMap(\.string) ?? []
        } while cursor != "0"
        guard !keys.isEmpty else { return [] }
        let values = try await redis.send(["MGET"] + keys).array
        return values.compactMap { $0.data.flatMap { try? JSONDecoder().decode(WorkerReport.self, from: $0) } }
            .sorted { ($0.stage.rawValue, $0.host, $0.pid) < ($1.stage.rawValue, $1.host, $1.pid) }
    }
}
