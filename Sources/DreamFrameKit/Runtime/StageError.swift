import Foundation

/// A handler's failure, classified for the runtime.
public enum StageError: Error, Sendable, CustomStringConvertible {
    /// The message can never succeed as it is: dead-letter it now with this reason.
    case permanent(String)
    /// Try again later.
    case transient(String)

    public var description: String {
        switch self {
        case .permanent(let why), .transient(let why): return why
        }
    }
}

/// Decides whether an error is worth retrying.
public enum ErrorClassifier {
    /// True for failures that no retry can fix: bad input, unsupported messages, invalid model output.
    public static func isPermanent(_ error: Error) -> Bool {
        switch error {
        case StageError.permanent, ModelError.permanent, is MessageDecodingError, is DecodingError,
             is ConfigurationError:
            return true
        default:
            return false
        }
    }

    /// A short class name for headers and metrics.
    public static func className(_ error: Error) -> String {
        switch error {
        case is MessageDecodingError: return "undecodable"
        case StageError.permanent: return "permanent"
        case ModelError.permanent: return "model-permanent"
        case ModelError.transient: return "model-transient"
        case is BrokerError: return "broker"
        case is RedisError: return "redis"
        case is DecodingError: return "invalid-content"
        default: return isPermanent(error) ? "permanent" : "transient"
        }
    }
}
