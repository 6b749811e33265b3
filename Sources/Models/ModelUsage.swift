import Foundation
import Synchronization

/// What one process's calls to model servers have cost so far: for the worker's heartbeat (`dreamframe status`)
/// and its metrics.
public struct ModelUsage: Codable, Sendable, Hashable {
    /// Requests sent to a server (a cache hit sends none).
    public var calls: Int = 0
    /// Answers taken from the response cache.
    public var cacheHits: Int = 0
    /// Requests the cache did not have.
    public var cacheMisses: Int = 0
    /// Tokens the servers reported (prompt and completion).
    public var promptTokens: Int = 0
    public var completionTokens: Int = 0
    /// Times a call waited for a rate limit (a 429, an exhausted window or a configured limit), and for how long.
    public var rateLimitWaits: Int = 0
    public var rateLimitWaitSeconds: Double = 0
    /// Calls that failed.
    public var errors: Int = 0

    /// Creates an empty tally.
    public init() {}

    /// Share of cached answers among the lookups, 0 when there were none.
    public var cacheHitRate: Double {
        cacheHits + cacheMisses == 0 ? 0 : Double(cacheHits) / Double(cacheHits + cacheMisses)
    }
}

/// A running ``ModelUsage`` tally that model backends add to from any task.
public final class ModelUsageCounter: Sendable {
    /// The tally of this process (what the heartbeat reports).
    public static let process = ModelUsageCounter()

    private let tally = Mutex(ModelUsage())

    /// Creates an empty counter (tests use their own).
    public init() {}

    /// The tally now.
    public var snapshot: ModelUsage { tally.withLock { $0 } }

    /// Applies `change` to the tally.
    public func record(_ change: (inout ModelUsage) -> Void) {
        tally.withLock { change(&$0) }
    }
}
