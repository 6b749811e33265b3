import Foundation

/// What the style cache says about a style a movie needs.
public enum StyleClaim: Sendable, Equatable {
    /// The embedding exists: use it.
    case ready
    /// Nobody else is learning it: learn it now (the lease is ours).
    case learn
    /// Another movie is learning it; this movie is parked and gets a ``StyleReady`` message when it lands.
    case wait
}

extension PipelineState {
    /// Checks the cache and, atomically, claims the learning lease or parks `waiter` ("runId|movieId").
    public func claimStyle(_ styleId: String, owner: String, leaseSeconds: Int, waiter: String) async throws -> StyleClaim {
        let reply = try await redis.eval(PipelineScripts.claimStyle,
                                         keys: [PipelineKeys.style(styleId), PipelineKeys.styleLock(styleId),
                                                PipelineKeys.styleWaiters(styleId)],
                                         arguments: [owner, String(leaseSeconds * 1000), waiter])
        switch reply.string {
        case "ready": return .ready
        case "learn": return .learn
        default: return .wait
        }
    }

    /// Stores a learned embedding (the first stored wins), releases our lease and returns the stored embedding.
    public func storeStyle(_ embedding: StyleEmbedding, owner: String) async throws -> StyleEmbedding {
        let json = String(decoding: try JSONEncoder().encode(embedding), as: UTF8.self)
        let reply = try await redis.eval(PipelineScripts.storeStyle,
                                         keys: [PipelineKeys.style(embedding.styleId), PipelineKeys.styleLock(embedding.styleId)],
                                         arguments: [json, owner])
        guard let data = reply.data else { throw RedisError.server("style \(embedding.styleId) vanished") }
        return try JSONDecoder().decode(StyleEmbedding.self, from: data)
    }

    /// The cached embedding, or nil.
    public func style(_ styleId: String) async throws -> StyleEmbedding? {
        guard let data = try await redis.send(["GET", PipelineKeys.style(styleId)]).data else { return nil }
        return try JSONDecoder().decode(StyleEmbedding.self, from: data)
    }

    /// Movies parked on the style ("runId|movieId").
    public func styleWaiters(_ styleId: String) async throws -> [String] {
        try await redis.send(["SMEMBERS", PipelineKeys.styleWaiters(styleId)]).array.compactMap(\.string)
    }

    /// Removes waiters whose wake-up was published.
    public func removeStyleWaiters(_ styleId: String, _ waiters: [String]) async throws {
        guard !waiters.isEmpty else { return }
        try await redis.send(["SREM", PipelineKeys.styleWaiters(styleId)] + waiters)
    }
}
