import Models
import Clients
import DreamFrameCore
import Foundation

/// How a stage consumes: in-flight limits, retries, claims and poison detection.
public struct RuntimeOptions: Sendable {
    /// Handlers running at once.
    public var concurrency: Int
    /// Unacknowledged deliveries the broker may send ahead (at least `concurrency`).
    public var prefetch: Int
    /// Attempts before a transiently failing message is dead-lettered.
    public var maxAttempts: Int
    /// How long a claim on a message in flight lasts without renewal (renewed every third of it while the handler
    /// runs); a twin of the message waits for it.
    public var claimLeaseSeconds: Int
    /// Handlings of one message that may begin and never end (the worker crashed or hung) before it is
    /// dead-lettered as poison. Counted per message, so messages prefetched alongside it are not blamed.
    public var maxUnfinishedStarts: Int
    /// The bounds every message is checked against at the door, before any effect.
    public var messageLimits: MessageLimits

    public init(concurrency: Int, prefetch: Int? = nil, maxAttempts: Int = 5,
                claimLeaseSeconds: Int = 15, maxUnfinishedStarts: Int = 5, messageLimits: MessageLimits = MessageLimits()) {
        self.messageLimits = messageLimits
        self.concurrency = max(1, concurrency)
        self.prefetch = max(prefetch ?? self.concurrency * 2, self.concurrency)
        self.maxAttempts = max(1, maxAttempts)
        self.claimLeaseSeconds = max(3, claimLeaseSeconds)
        self.maxUnfinishedStarts = max(1, maxUnfinishedStarts)
    }
}
