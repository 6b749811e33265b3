/// Work that did not finish within its ``TimeLimit`` and was cancelled.
public struct TimeLimitExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The limit it had.
    public let limit: Duration

    /// Creates the error for a limit of `limit`.
    public init(limit: Duration) {
        self.limit = limit
    }

    public var description: String { "did not finish within its time limit of \(limit)" }
}
