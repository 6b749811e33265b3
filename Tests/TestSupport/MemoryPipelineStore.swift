import Foundation
import Models
import Pipeline

/// An in-memory ``PipelineStore`` with the same semantics as the Redis one: first-committed results, bitmaps with
/// an atomic mark-and-claim, a style lease with parked waiters. For unit tests of handlers and the runtime.
public actor MemoryPipelineStore: PipelineStore {
    /// Handled message ids per movie (dropped when the movie is compacted).
    public internal(set) var handled: [MovieRef: Set<String>] = [:]
    public internal(set) var inFlight: [String: String] = [:]
    public internal(set) var starts: [String: Int] = [:]
    public internal(set) var results: [MovieRef: [String: Data]] = [:]
    public internal(set) var progress: [String: Set<Int>] = [:]
    public internal(set) var fanIns: [String: String] = [:]
    public internal(set) var movies: [MovieRef: [String: String]] = [:]
    public internal(set) var runs: [String: RunRecord] = [:]
    public internal(set) var runMovies: [String: [String]] = [:]
    public internal(set) var styles: [String: StyleEmbedding] = [:]
    public internal(set) var styleLeases: [String: String] = [:]
    public internal(set) var waiters: [String: Set<MovieRef>] = [:]
    public internal(set) var repairLease: String?
    /// Calls per operation name, to assert on round trips and duplicates.
    public internal(set) var calls: [String: Int] = [:]
    /// When set, every call throws it (an outage).
    public var failure: (any Error)?
    /// When set, the first call after a movie's state became `done` throws it, once: Redis lost right after the
    /// write that finished a movie took effect.
    public var failureAfterDone: (any Error)?
    private var failNextCall = false

    public init() {}

    /// Forgets a done-mark, as a Redis that lost its last second of writes would.
    public func forgetDone(_ messageId: String) {
        for movie in handled.keys { handled[movie]?.remove(messageId) }
    }

    /// Forgets every done-mark (an expired idempotency window).
    public func forgetAllDone() { handled.removeAll() }

    public func setFailure(_ error: (any Error)?) { failure = error }

    /// Arms ``failureAfterDone``.
    public func setFailureAfterDone(_ error: (any Error)?) { failureAfterDone = error }

    func enter(_ name: String) throws {
        calls[name, default: 0] += 1
        if let failure { throw failure }
        if failNextCall, let failureAfterDone {
            failNextCall = false
            self.failureAfterDone = nil
            throw failureAfterDone
        }
    }

    func progressKey(_ stage: Stage, _ movie: MovieRef) -> String { "\(movie)/\(stage.rawValue)" }

    /// Stamps the movie's last progress, as the Redis scripts do.
    private func stampProgress(_ movie: MovieRef) {
        movies[movie, default: [:]][MovieField.progressAt.rawValue] = String(format: "%.3f", Date().timeIntervalSince1970)
    }

    public func claimMessage(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int) async throws -> MessageClaim {
        try enter("claimMessage")
        if handled[movie]?.contains(messageId) == true || movies[movie]?[MovieField.state.rawValue] == MovieState.done.rawValue {
            return .alreadyDone
        }
        let holder = inFlight[messageId]
        if let holder, holder != owner { return .inFlightElsewhere }
        inFlight[messageId] = owner
        if holder != owner { starts[messageId, default: 0] += 1 }
        return .claimed(starts: starts[messageId] ?? 1)
    }

    public func renewMessageClaim(_ messageId: String, owner: String, leaseSeconds: Int) async throws -> Bool {
        try enter("renewMessageClaim")
        return inFlight[messageId] == owner
    }

    @discardableResult
    public func finishMessage(_ messageId: String, movie: MovieRef, owner: String) async throws -> Bool {
        try enter("finishMessage")
        return finish(messageId, movie: movie, owner: owner)
    }

    private func finish(_ messageId: String, movie: MovieRef, owner: String) -> Bool {
        let first: Bool
        if movies[movie]?[MovieField.state.rawValue] != MovieState.done.rawValue {
            first = handled[movie, default: []].insert(messageId).inserted
        } else {
            first = inFlight[messageId] == owner
        }
        if inFlight[messageId] == owner {
            inFlight[messageId] = nil
            starts[messageId] = nil
        }
        return first
    }

    public func releaseMessageClaim(_ messageId: String, movie: MovieRef, owner: String) async throws {
        try enter("releaseMessageClaim")
        if inFlight[messageId] == owner {
            inFlight[messageId] = nil
            starts[messageId] = nil
        }
    }

    /// Pretends another process holds a claim on `messageId` (nil: nobody).
    public func setInFlight(_ messageId: String, owner: String?) { inFlight[messageId] = owner }

    public func commitResult(_ json: Data, key: ExpansionKey, movie: MovieRef) async throws -> Data {
        try enter("commitResult")
        if let existing = results[movie]?[key.field] { return existing }
        results[movie, default: [:]][key.field] = json
        stampProgress(movie)
        return json
    }

    public func results(_ keys: [ExpansionKey], movie: MovieRef) async throws -> [Data?] {
        try enter("results")
        return keys.map { results[movie]?[$0.field] }
    }

    public func markAndClaim(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) async throws -> Bool {
        try enter("markAndClaim")
        return mark(stage, index: index, expected: expected, movie: movie, claimant: claimant)
    }

    private func mark(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) -> Bool {
        let key = progressKey(stage, movie)
        if progress[key, default: []].insert(index).inserted { stampProgress(movie) }
        guard progress[key, default: []].count >= expected else { return false }
        if let winner = fanIns[key] { return winner == claimant }
        fanIns[key] = claimant
        movies[movie, default: [:]]["t_\(stage.rawValue)"] = movies[movie]?["t_\(stage.rawValue)"] ?? "now"
        return true
    }

    /// The mark and the finish as one call (counted as `markAndClaimOrFinish`), as the Redis store's one script.
    public func markAndClaimOrFinish(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String,
                                     finishing: MessageInHand) async throws -> FanInMark {
        try enter("markAndClaimOrFinish")
        if mark(stage, index: index, expected: expected, movie: movie, claimant: claimant) { return .claimed }
        return .finished(first: finish(finishing.messageId, movie: finishing.movie, owner: finishing.owner))
    }

    public func markProgress(_ stage: Stage, index: Int, movie: MovieRef) async throws {
        try enter("markProgress")
        if progress[progressKey(stage, movie), default: []].insert(index).inserted { stampProgress(movie) }
    }

    public func isProgressMarked(_ stage: Stage, index: Int, movie: MovieRef) async throws -> Bool {
        try enter("isProgressMarked")
        return progress[progressKey(stage, movie), default: []].contains(index)
    }

    public func updateMovie(_ movie: MovieRef, _ fields: [MovieField: String]) async throws {
        try enter("updateMovie")
        for (field, value) in fields { movies[movie, default: [:]][field.rawValue] = value }
    }

    public func advance(_ movie: MovieRef, to state: MovieState, _ fields: [MovieField: String]) async throws -> Bool {
        try enter("advance")
        if let current = movies[movie]?[MovieField.state.rawValue].flatMap(MovieState.init(rawValue:)), current > state {
            return false
        }
        for (field, value) in fields { movies[movie, default: [:]][field.rawValue] = value }
        movies[movie, default: [:]][MovieField.state.rawValue] = state.rawValue
        stampProgress(movie)
        if state == .done, failureAfterDone != nil { failNextCall = true }
        return true
    }

    public func movieFields(_ movie: MovieRef) async throws -> [String: String] {
        try enter("movieFields")
        return movies[movie] ?? [:]
    }

    public func compact(_ movie: MovieRef) async throws {
        try enter("compact")
        results[movie] = nil
        fanIns[progressKey(.storyExpander, movie)] = nil
        fanIns[progressKey(.frameRenderer, movie)] = nil
        handled[movie] = nil
    }

    public func createRun(_ run: RunRecord, movieIds: [String]) async throws {
        try enter("createRun")
        if runs[run.runId] == nil { runs[run.runId] = run }
        if runMovies[run.runId] == nil { runMovies[run.runId] = movieIds }
        for id in movieIds {
            let movie = MovieRef(runId: run.runId, movieId: id)
            movies[movie, default: [:]][MovieField.submittedAt.rawValue] = movies[movie]?[MovieField.submittedAt.rawValue]
                ?? String(format: "%.3f", Date().timeIntervalSince1970)
        }
    }

    public func run(_ runId: String) async throws -> RunRecord? {
        try enter("run")
        return runs[runId]
    }

    public func runIds() async throws -> [String] {
        try enter("runIds")
        return runs.values.sorted { $0.createdAt < $1.createdAt }.map(\.runId)
    }

    public func movieIds(_ runId: String) async throws -> [String] {
        try enter("movieIds")
        return runMovies[runId] ?? []
    }

    public func stageCounts(_ runId: String, movieIds: [String], stages: [Stage]) async throws -> [Stage: Int] {
        try enter("stageCounts")
        var counts: [Stage: Int] = [:]
        for id in movieIds {
            for stage in stages {
                counts[stage, default: 0] += progress[progressKey(stage, MovieRef(runId: runId, movieId: id))]?.count ?? 0
            }
        }
        return counts
    }

    public func claimStyle(_ styleId: String, owner: String, leaseSeconds: Int, waiter: MovieRef) async throws -> StyleClaim {
        try enter("claimStyle")
        if styles[styleId] != nil { return .ready }
        if let holder = styleLeases[styleId], holder != owner {
            waiters[styleId, default: []].insert(waiter)
            return .wait
        }
        styleLeases[styleId] = owner
        return .learn
    }

    public func renewStyleLease(_ styleId: String, owner: String, leaseSeconds: Int) async throws -> Bool {
        try enter("renewStyleLease")
        return styleLeases[styleId] == owner
    }

    public func releaseStyleLease(_ styleId: String, owner: String) async throws {
        try enter("releaseStyleLease")
        if styleLeases[styleId] == owner { styleLeases[styleId] = nil }
    }

    /// Pretends `owner` holds (or, with nil, nobody holds) the learning lease of a style.
    public func setStyleLease(_ styleId: String, owner: String?) { styleLeases[styleId] = owner }

    public func storeStyle(_ embedding: StyleEmbedding, owner: String) async throws -> StyleEmbedding {
        try enter("storeStyle")
        if styles[embedding.styleId] == nil { styles[embedding.styleId] = embedding }
        if styleLeases[embedding.styleId] == owner { styleLeases[embedding.styleId] = nil }
        return styles[embedding.styleId] ?? embedding
    }

    public func style(_ styleId: String) async throws -> StyleEmbedding? {
        try enter("style")
        return styles[styleId]
    }

    public func styleWaiters(_ styleId: String) async throws -> [MovieRef] {
        try enter("styleWaiters")
        return waiters[styleId].map { Array($0) } ?? []
    }

    public func removeStyleWaiters(_ styleId: String, _ removed: [MovieRef]) async throws {
        try enter("removeStyleWaiters")
        waiters[styleId]?.subtract(removed)
    }
}
