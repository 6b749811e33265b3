import Clients
import DreamFrameCore
import Foundation
import Models

/// The pipeline's shared state in Redis (see ``PipelineStore``): keys from ``PipelineKeys``, multi-step updates
/// as Lua scripts from ``PipelineScripts`` so each is atomic.
///
/// Every key a run creates has a lifetime (``retention``) that each write of its movie renews, so a run's state
/// leaves Redis by itself that long after its last progress; a finished movie keeps only its state hash and
/// progress bitmaps. The style cache is the one thing kept for good: learning a style once is its purpose.
public struct RedisPipelineStore: PipelineStore {
    public let redis: RedisClient
    /// How long a run's keys outlive its last write.
    public let retention: Duration

    /// Seven days: a finished run stays visible to `status`, `repair` and late duplicates for a week.
    public static let defaultRetention = Duration.seconds(7 * 24 * 3600)

    public init(redis: RedisClient, retention: Duration = Self.defaultRetention) {
        self.redis = redis
        self.retention = retention
    }

    /// ``retention`` in whole seconds, as Redis takes it.
    var retentionSeconds: String { String(max(1, retention.components.seconds)) }

    // MARK: Idempotency

    public func claimMessage(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int) async throws -> MessageClaim {
        let reply = try await redis.eval(PipelineScripts.claimMessage,
                                         keys: [PipelineKeys.handled(movie), PipelineKeys.inFlight(messageId),
                                                PipelineKeys.movie(movie), PipelineKeys.starts(messageId)],
                                         arguments: [owner, String(leaseSeconds * 1000), messageId])
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

    @discardableResult
    public func finishMessage(_ messageId: String, movie: MovieRef, owner: String) async throws -> Bool {
        try await redis.eval(PipelineScripts.finishMessage,
                             keys: [PipelineKeys.handled(movie), PipelineKeys.inFlight(messageId),
                                    PipelineKeys.starts(messageId), PipelineKeys.movie(movie)],
                             arguments: [owner, retentionSeconds, messageId]).int == 1
    }

    public func releaseMessageClaim(_ messageId: String, movie: MovieRef, owner: String) async throws {
        try await redis.eval(PipelineScripts.finishMessage,
                             keys: [PipelineKeys.handled(movie), PipelineKeys.inFlight(messageId),
                                    PipelineKeys.starts(messageId), PipelineKeys.movie(movie)],
                             arguments: [owner, retentionSeconds, ""])
    }

    // MARK: First committed result wins

    public func commitResult(_ json: Data, key: ExpansionKey, movie: MovieRef) async throws -> Data {
        let hash = PipelineKeys.story(movie)
        let reply = try await redis.eval(PipelineScripts.commitResult, keys: [hash, PipelineKeys.movie(movie)],
                                         arguments: [key.field, String(decoding: json, as: UTF8.self),
                                                     MovieField.progressAt.rawValue, Self.now(), retentionSeconds])
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
                                                     "t_\(stage.rawValue)", Self.now(), MovieField.progressAt.rawValue,
                                                     retentionSeconds])
        return reply.int == 1
    }

    public func markAndClaimOrFinish(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String,
                                     finishing: MessageInHand) async throws -> FanInMark {
        guard finishing.movie == movie else {
            // One script touches one movie's keys: another movie's message finishes on its own.
            return try await markThenFinish(stage, index: index, expected: expected, movie: movie, claimant: claimant,
                                            finishing: finishing)
        }
        let reply = try await redis.eval(PipelineScripts.markAndClaimOrFinish,
                                         keys: [PipelineKeys.progress(movie, stage), PipelineKeys.fanIn(movie, stage),
                                                PipelineKeys.movie(movie), PipelineKeys.handled(movie),
                                                PipelineKeys.inFlight(finishing.messageId),
                                                PipelineKeys.starts(finishing.messageId)],
                                         arguments: [String(index), String(expected), claimant,
                                                     "t_\(stage.rawValue)", Self.now(), MovieField.progressAt.rawValue,
                                                     retentionSeconds, finishing.owner, finishing.messageId])
        switch reply.int {
        case 2: return .claimed
        case 1: return .finished(first: true)
        case 0: return .finished(first: false)
        default: throw StageError.transient("markAndClaimOrFinish answered \(reply)")
        }
    }

    public func markProgress(_ stage: Stage, index: Int, movie: MovieRef) async throws {
        try await redis.eval(PipelineScripts.markProgress, keys: [PipelineKeys.progress(movie, stage), PipelineKeys.movie(movie)],
                             arguments: [String(index), MovieField.progressAt.rawValue, Self.now(), retentionSeconds])
    }

    public func isProgressMarked(_ stage: Stage, index: Int, movie: MovieRef) async throws -> Bool {
        try await redis.send(["GETBIT", PipelineKeys.progress(movie, stage), String(index)]).int == 1
    }

    public func updateMovie(_ movie: MovieRef, _ fields: [MovieField: String]) async throws {
        guard !fields.isEmpty else { return }
        let pairs = fields.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { [$0.key.rawValue, $0.value] }
        _ = try await redis.pipeline([["HSET", PipelineKeys.movie(movie)] + pairs,
                                      ["EXPIRE", PipelineKeys.movie(movie), retentionSeconds]])
    }

    public func advance(_ movie: MovieRef, to state: MovieState, _ fields: [MovieField: String]) async throws -> Bool {
        var pairs: [String] = []
        for (field, value) in fields.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where field != .state && field != .progressAt {
            pairs += [field.rawValue, value]
        }
        pairs += [MovieField.progressAt.rawValue, Self.now()]
        return try await redis.eval(PipelineScripts.advanceMovie,
                                    keys: [PipelineKeys.movie(movie), PipelineKeys.run(movie.runId),
                                           PipelineKeys.movies(movie.runId)],
                                    arguments: [String(state.rank), state.rawValue, retentionSeconds] + pairs).int == 1
    }

    public func movieFields(_ movie: MovieRef) async throws -> [String: String] {
        Self.hash(try await redis.send(["HGETALL", PipelineKeys.movie(movie)]))
    }

    /// Drops the movie's expansion results, fan-in claims and handled-message marks (its `done` state answers for
    /// them now). Progress bitmaps (a few hundred bytes) and the movie hash stay for `status`, for ``retention``.
    public func compact(_ movie: MovieRef) async throws {
        var commands: [[String]] = [
            ["DEL", PipelineKeys.story(movie)],
            ["DEL", PipelineKeys.fanIn(movie, .storyExpander)],
            ["DEL", PipelineKeys.fanIn(movie, .frameRenderer)],
            ["DEL", PipelineKeys.handled(movie)],
            ["EXPIRE", PipelineKeys.movie(movie), retentionSeconds],
            ["EXPIRE", PipelineKeys.run(movie.runId), retentionSeconds],
            ["EXPIRE", PipelineKeys.movies(movie.runId), retentionSeconds],
        ]
        commands += Stage.allCases.map { ["EXPIRE", PipelineKeys.progress(movie, $0), retentionSeconds] }
        _ = try await redis.pipeline(commands)
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
