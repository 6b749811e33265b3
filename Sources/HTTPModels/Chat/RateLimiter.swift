import Foundation

/// Paces the requests of one process to one model server, shared by every handler that calls it.
///
/// Token buckets (requests and tokens per minute, each refilled continuously, a burst of one second's worth)
/// enforce configured limits. The server's own word shapes them too: `x-ratelimit-limit-*`, `-remaining-*` and
/// `-reset-*` on any response calibrate a bucket of the server's size that refills at the rate the reset implies
/// (so callers are paced before the server has to refuse them), and a 429's `Retry-After` holds every caller
/// until the time it names. Waiting here is not a failure: no attempt is spent on it.
public actor RateLimiter {
    /// Configured limits; nil means none (the server's headers still apply).
    public struct Limits: Sendable, Hashable {
        /// Requests per minute.
        public var requestsPerMinute: Int?
        /// Prompt plus completion tokens per minute.
        public var tokensPerMinute: Int?

        /// Creates limits.
        public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }

    private struct Bucket {
        let perSecond: Double
        let capacity: Double
        var level: Double
        var updated: ContinuousClock.Instant

        init(perMinute: Int, now: ContinuousClock.Instant) {
            perSecond = Double(perMinute) / 60
            capacity = max(1, perSecond)
            level = capacity
            updated = now
        }

        /// A bucket as the server describes its own: `capacity` in all, `level` left, full again after `reset`.
        init?(capacity: Int, level: Int, reset: Duration, now: ContinuousClock.Instant) {
            let seconds = reset.seconds
            guard capacity > 0, level < capacity, seconds > 0 else { return nil }
            perSecond = Double(capacity - max(0, level)) / seconds
            self.capacity = Double(capacity)
            self.level = Double(max(0, level))
            updated = now
        }

        mutating func refill(_ now: ContinuousClock.Instant) {
            let elapsed = now - updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            level = min(capacity, level + seconds * perSecond)
            updated = now
        }

        /// Takes `amount` (at most a full bucket: the rest of a larger request is charged by `settle`).
        mutating func take(_ amount: Double) {
            level -= min(amount, capacity)
        }

        /// How long until `amount` is available (zero: now).
        func wait(for amount: Double) -> Duration {
            let needed = min(amount, capacity) - level
            return needed <= 0 ? .zero : .milliseconds(Int((needed / perSecond * 1000).rounded(.up)))
        }
    }

    private let clock = ContinuousClock()
    private var requests: Bucket?
    private var tokens: Bucket?
    private var serverRequests: Bucket?
    private var serverTokens: Bucket?
    private var heldUntil: ContinuousClock.Instant

    /// Creates a limiter with `limits`.
    public init(limits: Limits = Limits()) {
        let now = clock.now
        requests = limits.requestsPerMinute.map { Bucket(perMinute: $0, now: now) }
        tokens = limits.tokensPerMinute.map { Bucket(perMinute: $0, now: now) }
        heldUntil = now
    }

    /// Waits until a request of about `estimatedTokens` may go, then takes its share. Returns the time waited.
    @discardableResult
    public func acquire(estimatedTokens: Int) async throws -> Duration {
        let start = clock.now
        while true {
            let wait = currentWait(estimatedTokens: estimatedTokens)
            if wait == .zero {
                // Each bucket takes its share in a mutating call of its own: `tokens?.level -= f(tokens?.capacity)`
                // reads the bucket while modifying it, an exclusivity violation that aborts the process.
                requests?.take(1)
                serverRequests?.take(1)
                tokens?.take(Double(estimatedTokens))
                serverTokens?.take(Double(estimatedTokens))
                return clock.now - start
            }
            try await Task.sleep(for: wait)
        }
    }

    /// How long a request of about `estimatedTokens` would wait from now (zero: it may go), the buckets refilled
    /// to this moment; nothing is taken.
    func currentWait(estimatedTokens: Int) -> Duration {
        let now = clock.now
        requests?.refill(now)
        tokens?.refill(now)
        serverRequests?.refill(now)
        serverTokens?.refill(now)
        var wait = heldUntil > now ? heldUntil - now : .zero
        for bucket in [requests, serverRequests].compactMap({ $0 }) { wait = max(wait, bucket.wait(for: 1)) }
        for bucket in [tokens, serverTokens].compactMap({ $0 }) {
            wait = max(wait, bucket.wait(for: Double(estimatedTokens)))
        }
        return wait
    }

    /// Corrects the token bucket once the server reported what a request really used.
    public func settle(estimatedTokens: Int, usedTokens: Int) {
        guard var bucket = tokens else { return }
        bucket.refill(clock.now)
        bucket.level -= Double(usedTokens - min(estimatedTokens, Int(bucket.capacity)))
        tokens = bucket
    }

    /// Calibrates the server-shaped buckets from a response's rate-limit headers. A window the server says is used
    /// up but does not size (no `x-ratelimit-limit-*`) holds every request until it resets; a sized one is a bucket
    /// that refills continuously, so "none left" waits only for the next request's share — holding until the whole
    /// window is full again would leave the server idle while it refills and then send everything at once.
    public func learn(_ headers: RateLimitHeaders) {
        let now = clock.now
        if let left = headers.remainingRequests, let reset = headers.resetRequests {
            if let limit = headers.limitRequests {
                serverRequests = Self.calibrated(serverRequests, capacity: limit, level: left, reset: reset, now: now)
            } else if left == 0 {
                hold(for: reset)
            }
        }
        if let left = headers.remainingTokens, let reset = headers.resetTokens {
            if let limit = headers.limitTokens {
                serverTokens = Self.calibrated(serverTokens, capacity: limit, level: left, reset: reset, now: now)
            } else if left == 0 {
                hold(for: reset)
            }
        }
    }

    /// The server's bucket after it reported `level` left: never fuller than what this process already counted
    /// (requests sent after the reporting one are still on their way).
    private static func calibrated(_ old: Bucket?, capacity: Int, level: Int, reset: Duration,
                                   now: ContinuousClock.Instant) -> Bucket? {
        guard var fresh = Bucket(capacity: capacity, level: level, reset: reset, now: now) else { return old }
        if var old {
            old.refill(now)
            fresh.level = min(fresh.level, old.level)
        }
        return fresh
    }

    /// Holds every request for `duration` from now (a 429's Retry-After, or an exhausted window).
    public func hold(for duration: Duration) {
        let now = clock.now
        heldUntil = max(heldUntil, now + duration)
        if var bucket = serverRequests {
            bucket.refill(now)
            bucket.level = min(bucket.level, 0)
            serverRequests = bucket
        }
    }
}
