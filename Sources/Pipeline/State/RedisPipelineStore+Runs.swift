import Models
import Clients
import DreamFrameCore
import Foundation

extension RedisPipelineStore {
    public func createRun(_ run: RunRecord, movieIds: [String]) async throws {
        let json = try JSONCoding.compactString(run)
        var commands: [[String]] = [
            ["HSETNX", PipelineKeys.run(run.runId), "record", json],
            ["ZADD", PipelineKeys.runs, "NX", String(run.createdAt), run.runId],
        ]
        for (index, movieId) in movieIds.enumerated() {
            commands.append(["ZADD", PipelineKeys.movies(run.runId), "NX", String(index), movieId])
            let movie = PipelineKeys.movie(MovieRef(runId: run.runId, movieId: movieId))
            commands.append(["HSETNX", movie, MovieField.submittedAt.rawValue, Self.now()])
            commands.append(["EXPIRE", movie, retentionSeconds])
        }
        commands.append(["EXPIRE", PipelineKeys.run(run.runId), retentionSeconds])
        commands.append(["EXPIRE", PipelineKeys.movies(run.runId), retentionSeconds])
        _ = try await redis.pipeline(commands)
        // Runs whose keys expired leave the index too.
        let cutoff = Date().timeIntervalSince1970 - Double(retention.components.seconds)
        _ = try await redis.eval(PipelineScripts.pruneRuns, keys: [PipelineKeys.runs],
                                 arguments: [String(cutoff), PipelineKeys.run("")])
    }

    public func run(_ runId: String) async throws -> RunRecord? {
        guard let data = try await redis.send(["HGET", PipelineKeys.run(runId), "record"]).data else { return nil }
        return try JSONDecoder().decode(RunRecord.self, from: data)
    }

    public func runIds() async throws -> [String] {
        try await redis.send(["ZRANGE", PipelineKeys.runs, "0", "-1"]).array.compactMap(\.string)
    }

    public func movieIds(_ runId: String) async throws -> [String] {
        try await redis.send(["ZRANGE", PipelineKeys.movies(runId), "0", "-1"]).array.compactMap(\.string)
    }

    /// One pipelined `HMGET` of `fields` per movie.
    public func movieFields(_ runId: String, movieIds: [String],
                            fields: [MovieField]) async throws -> [[MovieField: String]] {
        guard !movieIds.isEmpty, !fields.isEmpty else { return movieIds.map { _ in [:] } }
        let names = fields.map(\.rawValue)
        let replies = try await redis.pipeline(movieIds.map {
            ["HMGET", PipelineKeys.movie(MovieRef(runId: runId, movieId: $0))] + names
        })
        return replies.map { reply in
            var values: [MovieField: String] = [:]
            for (field, value) in zip(fields, reply.array) where value.string != nil { values[field] = value.string }
            return values
        }
    }

    public func stageCounts(_ runId: String, movieIds: [String], stages: [Stage]) async throws -> [Stage: Int] {
        var commands: [[String]] = []
        for movieId in movieIds {
            for stage in stages {
                commands.append(["BITCOUNT", PipelineKeys.progress(MovieRef(runId: runId, movieId: movieId), stage)])
            }
        }
        let replies = try await redis.pipeline(commands)
        var counts: [Stage: Int] = [:]
        for (i, reply) in replies.enumerated() {
            counts[stages[i % stages.count], default: 0] += Int(reply.int ?? 0)
        }
        return counts
    }
}
