import Foundation

/// A content-addressed store of model answers: the key is the exact request (model, messages, response format,
/// seed, temperature, token budget), so a replayed, resubmitted or redelivered call that asks the same thing gets
/// the same answer without paying for it again.
public protocol ModelResponseCache: Sendable {
    /// The answer stored for `request`, or nil.
    func answer(for request: Data) async -> Data?
    /// Stores `answer` for `request` (best effort: a cache that cannot write just misses next time).
    func store(_ answer: Data, for request: Data) async
}

/// A cache in memory (tests, one-shot commands).
public actor MemoryResponseCache: ModelResponseCache {
    private var entries: [Data: Data] = [:]

    /// Creates an empty cache.
    public init() {}

    public func answer(for request: Data) -> Data? { entries[request] }
    public func store(_ answer: Data, for request: Data) { entries[request] = answer }
    /// Entries stored.
    public var count: Int { entries.count }
}
