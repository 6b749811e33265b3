/// Exponential backoff: each ``next()`` doubles the delay, up to a limit.
public struct Backoff: Sendable {
    private var current: Duration
    private let limit: Duration

    /// A backoff that starts at `start` and never exceeds `limit`.
    public init(start: Duration, limit: Duration) {
        current = start
        self.limit = limit
    }

    /// The delay to wait now; the following one is twice as long (at most the limit).
    public mutating func next() -> Duration {
        let delay = current
        current = min(current * 2, limit)
        return delay
    }
}
