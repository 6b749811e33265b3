/// A time limit that started at a moment: how long it is, when it ends, and how much of it is left.
public struct TimeLimit: Sendable, Hashable {
    /// How long the limit is in all.
    public let duration: Duration
    /// When it ends.
    public let end: ContinuousClock.Instant

    /// A limit of `duration` from `start` (now, unless given).
    public init(_ duration: Duration, from start: ContinuousClock.Instant = .now) {
        self.duration = duration
        self.end = start + duration
    }

    /// What is left of it (zero once it is over).
    public var remaining: Duration { max(.zero, end - .now) }

    /// True once its end has passed.
    public var isOver: Bool { ContinuousClock.now >= end }
}
