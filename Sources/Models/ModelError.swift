import DreamFrameCore
import Foundation

/// A model backend's failure, classified so the stage runtime knows whether a retry can help.
public enum ModelError: ClassifiedError, Sendable, CustomStringConvertible {
    /// Worth retrying later: timeouts, 429, 5xx, connection refused.
    case transient(String)
    /// Never succeeds as asked: invalid request, unparseable answer after repair, 4xx other than 429.
    case permanent(String)

    /// A one-line description naming the class of failure.
    public var description: String {
        switch self {
        case .transient(let why): return "transient model error: \(why)"
        case .permanent(let why): return "permanent model error: \(why)"
        }
    }

    /// Transient or permanent, for the stage runtime's retry decision.
    public var failureKind: FailureKind {
        switch self {
        case .transient: return .transient
        case .permanent: return .permanent
        }
    }

    /// A short stable name for metrics and dead letters.
    public var failureClass: String {
        switch self {
        case .transient: return "model-transient"
        case .permanent: return "model-permanent"
        }
    }
}
