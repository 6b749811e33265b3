import Foundation

/// A model backend's failure, classified so the stage runtime knows whether a retry can help.
public enum ModelError: Error, Sendable, CustomStringConvertible {
    /// Worth retrying later: timeouts, 429, 5xx, connection refused.
    case transient(String)
    /// Never succeeds as asked: invalid request, unparseable answer after repair, 4xx other than 429.
    case permanent(String)

    public var description: String {
        switch self {
        case .transient(let why): return "transient model error: \(why)"
        case .permanent(let why): return "permanent model error: \(why)"
        }
    }
}
