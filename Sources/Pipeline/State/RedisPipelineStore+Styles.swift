import Models
import Clients
import DreamFrameCore
import Foundation

extension RedisPipelineStore {
    public func claimStyle(_ styleId: String, owner: String, leaseSeconds: Int, waiter: MovieRef) async throws -> StyleClaim {
        let reply = try await redis.eval(PipelineScripts.claimStyle,
                                         keys: [PipelineKeys.style(styleId), PipelineKeys.styleLock(styleId),
                                                PipelineKeys.styleWaiters(styleId)],
                                         arguments: [owner, String(leaseSeconds * 1000), try JSONCoding.compactString(waiter),
                                                     retentionSeconds])
        switch reply.string {
        case "ready": return .ready
        case "learn": return .learn
        default: return .wait
        }
    }

    public func renewStyleLease(_ styleId: String, owner: String, leaseSeconds: Int) async throws -> Bool {
        try await redis.eval(PipelineScripts.renewClaim, keys: [PipelineKeys.styleLock(styleId)],
                             arguments: [owner, String(leaseSeconds * 1000)]).int == 1
    }

    public func releaseStyleLease(_ styleId: String, owner: String) async throws {
        try await redis.eval(PipelineScripts.releaseLease, keys: [PipelineKeys.styleLock(styleId)], arguments: [owner])
    }

    public func storeStyle(_ embedding: StyleEmbedding, owner: String) async throws -> StyleEmbedding {
        let json = try JSONCoding.compactString(embedding)
        let reply = try await redis.eval(PipelineScripts.storeStyle,
                                         keys: [PipelineKeys.style(embedding.styleId), PipelineKeys.styleLock(embedding.styleId)],
                                         arguments: [json, owner])
        guard let data = reply.data else { throw StageError.transient("style \(embedding.styleId) vanished from the cache") }
        return try JSONDecoder().decode(StyleEmbedding.self, from: data)
    }

    public func style(_ styleId: String) async throws -> StyleEmbedding? {
        guard let data = try await redis.send(["GET", PipelineKeys.style(styleId)]).data else { return nil }
        return try JSONDecoder().decode(StyleEmbedding.self, from: data)
    }

    /// Parked movies are set members holding the movie reference as JSON; a member that does not decode is
    /// skipped (it cannot name a movie to wake).
    public func styleWaiters(_ styleId: String) async throws -> [MovieRef] {
        try await redis.send(["SMEMBERS", PipelineKeys.styleWaiters(styleId)]).array.compactMap { member in
            member.data.flatMap { try? JSONDecoder().decode(MovieRef.self, from: $0) }
        }
    }

    public func removeStyleWaiters(_ styleId: String, _ waiters: [MovieRef]) async throws {
        guard !waiters.isEmpty else { return }
        try await redis.send(["SREM", PipelineKeys.styleWaiters(styleId)] + waiters.map { try JSONCoding.compactString($0) })
    }
}
