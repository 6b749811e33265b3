import Foundation

/// A run as recorded in Redis.
public struct RunRecord: Codable, Sendable, Hashable {
    public var runId: String
    public var movies: Int
    public var seed: UInt64
    public var branching: Branching
    public var themes: [String]
    public var width: Int
    public var height: Int
    public var styleImages: String?
    public var createdAt: Double

    public init(runId: String, movies: Int, seed: UInt64, branching: Branching, themes: [String], width: Int,
                height: Int, styleImages: String?, createdAt: Double) {
        self.runId = runId
        self.movies = movies
        self.seed = seed
        self.branching = branching
        self.themes = themes
        self.width = width
        self.height = height
        self.styleImages = styleImages
        self.createdAt = createdAt
    }
}

extension PipelineState {
    /// Records a run and its movie ids (idempotent: a resubmission of the same run id changes nothing).
    public func createRun(_ run: RunRecord, movieIds: [String]) async throws {
        let json = String(decoding: try JSONEncoder().encode(run), as: UTF8.self)
        var commands: [[String]] = [
            ["HSETNX", PipelineKeys.run(run.runId), "record", json],
            ["ZADD", PipelineKeys.runs, "NX", String(run.createdAt), run.runId],
        ]
        for (index, movieId) in movieIds.enumerated() {
            commands.append(["ZADD", PipelineKeys.movies(run.runId), "NX", String(index), movieId])
            commands.append(["HSETNX", PipelineKeys.movie(MovieRef(runId: run.runId, movieId: movieId)), "t_submitted",
                             Self.now()])
        }
        try await redis.pipeline(commands)
    }

    /// Reads a run, or nil if unknown.
    public func run(_ runId: String) async throws -> RunRecord? {
        guard let data = try await redis.send(["HGET", PipelineKeys.run(runId), "record"]).data else { return nil }
        return try JSONDecoder().decode(RunRecord.self, from: data)
    }

    /// All run ids, oldest first.
    public func runIds() async throws -> [String] {
        try await redis.send(["ZRANGE", PipelineKeys.runs, "0", "-1"]).array.compactMap(\.string)
    }

    /// A run's movie ids in submission order.
    public func movieIds(_ runId: String) async throws -> [String] {
        try await redis.send(["ZRANGE", PipelineKeys.movies(runId), "0", "-1"]).array.compactMap(\.string)
    }

    /// Per stage, finished units summed over the run's movies (one pipelined round trip).
    public func stageCounts(_ runId: String, movieIds: [String]) async throws -> [Stage: Int] {
        var commands: [[String]] = []
        for movieId in movieIds {
            for stage in Stage.allCases {
                commands.append(["BITCOUNT", PipelineKeys.progress(MovieRef(runId: runId, movieId: movieId), stage)])
            }
        }
        let replies = try await redis.pipeline(commands)
        var counts: [Stage: Int] = [:]
        for (i, reply) in replies.enumerated() {
            counts[Stage.allCases[i % Stage.allCases.count], default: 0] += Int(reply.int ?? 0)
        }
        return counts
    }
}
