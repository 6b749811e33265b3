import Foundation

/// The pipeline's shared state in Redis: run and movie progress, first-committed expansion results, fan-in claims,
/// idempotency marks and the style cache. Every update is a set-like or compare-and-set operation, so repeating one
/// after a crash changes nothing.
public struct PipelineState: Sendable {
    public let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    // MARK: Idempotency

    /// True when the message id was fully handled within the idempotency window.
    public func isDone(messageId: String) async throws -> Bool {
        try await redis.send(["EXISTS", PipelineKeys.done(messageId)]).int == 1
    }

    /// Records the message id as handled.
    public func markDone(messageId: String, ttlSeconds: Int) async throws {
        try await redis.send(["SET", PipelineKeys.done(messageId), "1", "EX", String(ttlSeconds)])
    }

    // MARK: First committed result wins

    /// Stores `value` under `field` of the movie's story unless a result is already there; returns the stored one.
    ///
    /// A real LLM is not deterministic: when two copies of one expansion run at once, both compute, the first to
    /// commit wins and both continue with the winner, so the movie has one truth.
    public func commit<T: Codable>(_ value: T, field: String, movie: MovieRef) async throws -> T {
        let data = try JSONEncoder().encode(value)
        let key = PipelineKeys.story(movie)
        let replies = try await redis.pipeline([
            ["HSETNX", key, field, String(decoding: data, as: UTF8.self)],
            ["HGET", key, field],
        ])
        guard let stored = replies[1].data else { throw RedisError.server("result \(field) vanished from \(key)") }
        return try JSONDecoder().decode(T.self, from: stored)
    }

    /// Reads a committed result, or nil.
    public func result<T: Codable>(_ type: T.Type, field: String, movie: MovieRef) async throws -> T? {
        guard let data = try await redis.send(["HGET", PipelineKeys.story(movie), field]).data else { return nil }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Reads many committed results in one round trip (nil where missing).
    public func results<T: Codable>(_ type: T.Type, fields: [String], movie: MovieRef) async throws -> [T?] {
        guard !fields.isEmpty else { return [] }
        let reply = try await redis.send(["HMGET", PipelineKeys.story(movie)] + fields)
        return try reply.array.map { value in try value.data.map { try JSONDecoder().decode(T.self, from: $0) } }
    }

    // MARK: Progress and fan-in

    /// Marks unit `index` of `stage` done; returns true to exactly the one message that completes all `expected`
    /// units (and again to that same message on redelivery).
    public func markAndClaim(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) async throws -> Bool {
        let reply = try await redis.eval(PipelineScripts.markAndClaim,
                                         keys: [PipelineKeys.progress(movie, stage),
                                                PipelineKeys.fanIn(movie, stage.rawValue),
                                                PipelineKeys.movie(movie)],
                                         arguments: [String(index), String(expected), claimant,
                                                     "t_\(stage.rawValue)", Self.now()])
        return reply.int == 1
    }

    /// Marks unit `index` of `stage` done without a fan-in.
    public func markProgress(_ stage: Stage, index: Int, movie: MovieRef) async throws {
        try await redis.send(["SETBIT", PipelineKeys.progress(movie, stage), String(index), "1"])
    }

    /// True when unit `index` of `stage` is already done.
    public func isProgressMarked(_ stage: Stage, index: Int, movie: MovieRef) async throws -> Bool {
        try await redis.send(["GETBIT", PipelineKeys.progress(movie, stage), String(index)]).int == 1
    }

    /// Sets fields of the movie's hash (state, title, counts, timestamps).
    public func updateMovie(_ movie: MovieRef, _ fields: [String: String]) async throws {
        guard !fields.isEmpty else { return }
        try await redis.send(["HSET", PipelineKeys.movie(movie)] + fields.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] })
    }

    /// Reads the movie's hash.
    public func movieFields(_ movie: MovieRef) async throws -> [String: String] {
        Self.hash(try await redis.send(["HGETALL", PipelineKeys.movie(movie)]))
    }

    /// Drops what a finished movie no longer needs: its expansion results and fan-in claims. Progress bitmaps
    /// (a few hundred bytes) and the movie hash stay for `status`.
    public func compact(_ movie: MovieRef) async throws {
        try await redis.pipeline([
            ["DEL", PipelineKeys.story(movie)],
            ["DEL", PipelineKeys.fanIn(movie, Stage.storyExpander.rawValue)],
            ["DEL", PipelineKeys.fanIn(movie, Stage.frameRenderer.rawValue)],
        ])
    }

    static func now() -> String {
        String(format: "%.3f", Date().timeIntervalSince1970)
    }

    static func hash(_ reply: RedisValue) -> [String: String] {
        let items = reply.array
        var result: [String: String] = [:]
        var i = 0
        while i + 1 < items.count {
            if let k = items[i].string, let v = items[i + 1].string { result[k] = v }
            i += 2
        }
        return result
    }
}
