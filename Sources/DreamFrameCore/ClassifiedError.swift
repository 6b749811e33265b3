/// Whether retrying can make a failure go away.
public enum FailureKind: String, Sendable, Hashable, CaseIterable {
    /// The same input can never succeed: dead-letter it now.
    case permanent
    /// Worth retrying later: a timeout, a 5xx, a refused request.
    case transient
    /// The infrastructure itself is unreachable (the broker or Redis is down): nothing is wrong with the message.
    /// Hold the work and probe until it is back; never count it as an attempt.
    case outage
}

/// An error that says for itself whether a retry can help and which class it belongs to, so the stage runtime
/// never needs a central switch over every error type of every layer.
public protocol ClassifiedError: Error {
    /// Permanent or transient.
    var failureKind: FailureKind { get }
    /// A short, stable class name for dead-letter headers and metrics ("broker", "redis", "model-transient", …).
    var failureClass: String { get }
}

extension ClassifiedError {
    /// True when no retry can fix it.
    public var isPermanent: Bool { failureKind == .permanent }
}

/// Classifies any error: a ``ClassifiedError`` speaks for itself; anything else is treated as transient, because
/// an unknown failure is more often the environment than the input, and transient errors are bounded by the
/// attempt limit anyway.
public enum ErrorClassification {
    /// The failure kind of `error`.
    public static func kind(of error: any Error) -> FailureKind {
        (error as? any ClassifiedError)?.failureKind ?? .transient
    }

    /// The class name of `error` for headers and metrics.
    public static func className(of error: any Error) -> String {
        (error as? any ClassifiedError)?.failureClass ?? "transient"
    }
}
