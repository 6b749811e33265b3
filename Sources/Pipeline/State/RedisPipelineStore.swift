import Clients
import DreamFrameCore
import Foundation
import Models

/// The pipeline's shared state in Redis (see ``PipelineStore``): keys from ``PipelineKeys``, multi-step updates
/// as Lua scripts from ``PipelineScripts`` so each is atomic.
public struct RedisPipelineStore: PipelineStore {
    public let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    // MARK: Idempotency

    public func claimMessage(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int) async throws -> MessageClaim {
        let reply = try await redis.eval(PipelineScripts.claimMessage,
                                         keys: [PipelineKeys.done(messageId), PipelineKeys.inFlight(messageId),
                                                PipelineKeys.movie(movie), PipelineKeys.starts(messageId)],
                                         arguments: [owner, String(leaseSeconds * 1000)])
        if case .integer(let starts) = reply { return .claimed(starts: Int(starts)) }
        switch reply.string {
        case "done": return .alreadyDone
        case "busy": return .inFlightElsewhere
        default: throw StageError.transient("unexpected claim reply \(reply)")
        }
    }

    public func renewMessageClaim(_ messageId: String, owner: String, leaseSeconds: Int) async throws -> Bool {
        try await redis.eval(PipelineScripts.renewClaim, keys: [PipelineKeys.inFlight(messageId)],
                             arguments: [owner, String(leaseSeconds * 1000)]).int == 1
    }

    public func finishMessage(_ messageId: String, owner: String, doneTTLSeconds: Int) async throws {
        try await redis.eval(PipelineScripts.finishMessage,
                             keys: [PipelineKeys.done(messageId), PipelineKeys.inFlight(messageId),
                                    PipelineKeys.starts(messageId)],
                             arguments: [owner, String(doneTTLSeconds)])
    }

    public func releaseMessageClaim(_ messageId: String, owner: String) async throws {
        try await redis.eval(PipelineScripts.finishMessage,
                             keys: [PipelineKeys.done(messageId), PipelineKeys.inFlight(messageId),
                                    PipelineKeys.starts(messageId)],
                             arguments: [owner, ""])
    }

    // MARK: First committed result wins

    public func commitResult(_ json: Data, key: ExpansionKey, movie: MovieRef) async throws -> Data {
        let hash = PipelineKeys.story(movie)
        let reply = try await redis.eval(PipelineScripts.commitResult, keys: [hash, PipelineKeys.movie(movie)],
                                         arguments: [key.field, String(decoding: json, as: UTF8.self),
                                                     MovieField.progressAt.rawValue, Self.now()])
        guard let stored = reply.data else { throw StageError.transient("result \(key) vanished from \(hash)") }
        return stored
    }

    public func results(_ keys: [ExpansionKey], movie: MovieRef) async throws -> [Data?] {
        guard !keys.isEmpty else { return [] }
        return try await redis.send(["HMGET", PipelineKeys.story(movie)] + keys.map(\.field)).array.map(\.data)
    }

    // MARK: Progress and fan-in

    public func markAndClaim(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) async throws -> Bool {
        let reply = try await redis.eval(PipelineScripts.markAndClaim,
                                         keys: [PipelineKeys.progress(movie, stage),
                                                PipelineKeys.fanIn(movie, stage),
                                                PipelineKeys.movie(movie)],
                                         arguments: [String(index), String(expected), claimant,
                                                     "t_\(stage.rawValue)", Self.now(), MovieField.progressAt.rawValue])
        return reply.int == 1
    }

    public func markProgress(_ stage: Stage, index: Int, movie: MovieRef) async throws {
        try await redis.eval(PipelineScripts.markProgress, keys: [PipelineKeys.progress(movie, stage), PipelineKeys.movie(movie)],
                             arguments: [String(index), MovieField.progressAt.rawValue, Self.now()])
    }

    public func isProgressMarked(_ stage: Stage, index: Int, movie: MovieRef) async throws -> Bool {
        try await redis.send(["GETBIT", PipelineKeys.progress(movie, stage), String(index)]).int == 1
    }

    public func updateMovie(_ movie: MovieRef, _ fields: [MovieField: String]) async throws {
        guard !fields.isEmpty else { return }
        let pairs = fields.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { [$0.key.rawValue, $0.value] }
        try await redis.send(["HSET", PipelineKeys.movie(movie)] + pairs)
    }

    public func advance(_ movie: MovieRef, to state: MovieState, _ fields: [MovieField: String]) async throws -> Bool {
        var pairs: [String] = []
        for (field, value) in fields.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where field != .state && field != .progressAt {
            pairs += [field.rawValue, value]
        }
        pairs += [MovieField.progressAt.rawValue, Self.now()]
        return try await redis.eval(PipelineScripts.advanceMovie, keys: [PipelineKeys.movie(movie)],
                                    arguments: [String(state.rank), state.rawValue] + pairs).int == 1
    }

    public func movieFields(_ movie: MovieRef) async throws -> [String: String] {
        Self.hash(try await redis.send(["HGETALL", PipelineKeys.movie(movie)]))
    }

    /// Drops the movie's expansion results and fan-in claims. Progress bitmaps (a few hundred bytes) and the movie
    /// hash stay for `status`.
    public func compact(_ movie: MovieRef) async throws {
        _ = try await redis.pipeline([
            ["DEL", PipelineKeys.story(movie)],
            ["DEL", PipelineKeys.fanIn(movie, .storyExpander)],
            ["DEL", PipelineKeys.fanIn(movie, .frameRenderer)],
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
