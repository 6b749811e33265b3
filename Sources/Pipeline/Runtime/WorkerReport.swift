import Foundation
import Models

/// What one stage process says about itself in its heartbeat: who and where it is, what it is doing, and whether it
/// is holding work because the broker or Redis is unreachable. `dreamframe status` lists these.
public struct WorkerReport: Codable, Sendable, Equatable {
    /// A runtime's counters and outage at one moment.
    public struct Activity: Codable, Sendable, Equatable {
        /// Handlers running now.
        public var inFlight: Int
        /// Messages handled to completion since the process started.
        public var handled: Int
        /// Deliveries dropped as duplicates.
        public var duplicates: Int
        /// Messages sent to a delay queue for another attempt.
        public var retried: Int
        /// Messages sent to the dead-letter queue.
        public var deadLettered: Int
        /// Why the process is holding work (the broker or Redis is unreachable), nil when healthy.
        public var outage: String?
        /// When that outage began (seconds since 1970).
        public var outageSince: Double?
        /// What the process's calls to model servers cost so far (calls, cache hits, tokens, rate-limit waits);
        /// nil when it made none.
        public var models: ModelUsage?
        /// When the longest-running handler took its delivery (seconds since 1970); nil when none runs. Its age is
        /// how long the oldest message this process holds unacknowledged has been held.
        public var oldestInFlightSince: Double?
        /// Messages handled per second over the last minute (since start in a younger process); nil until two
        /// heartbeats were sampled.
        public var handledPerSecond: Double?

        public init(inFlight: Int, handled: Int, duplicates: Int, retried: Int, deadLettered: Int,
                    outage: String?, outageSince: Double?, models: ModelUsage? = nil,
                    oldestInFlightSince: Double? = nil, handledPerSecond: Double? = nil) {
            self.models = models
            self.oldestInFlightSince = oldestInFlightSince
            self.handledPerSecond = handledPerSecond
            self.inFlight = inFlight
            self.handled = handled
            self.duplicates = duplicates
            self.retried = retried
            self.deadLettered = deadLettered
            self.outage = outage
            self.outageSince = outageSince
        }
    }

    /// The process token (host, pid and a random part), unique across hosts and restarts.
    public var token: String
    public var stage: Stage
    public var host: String
    public var pid: Int32
    /// When the process started (seconds since 1970).
    public var startedAt: Double
    /// When this report was written (seconds since 1970).
    public var seenAt: Double
    public var activity: Activity

    public init(token: String, stage: Stage, host: String, pid: Int32, startedAt: Double, seenAt: Double,
                activity: Activity) {
        self.token = token
        self.stage = stage
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.seenAt = seenAt
        self.activity = activity
    }
}
