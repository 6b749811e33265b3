import DreamFrameCore

/// A handler's failure, classified for the runtime.
public enum StageError: ClassifiedError, Sendable, CustomStringConvertible {
    /// The message can never succeed as it is: dead-letter it now with this reason.
    case permanent(String)
    /// Try again later.
    case transient(String)

    public var description: String {
        switch self {
        case .permanent(let why), .transient(let why): return why
        }
    }

    public var failureKind: FailureKind {
        switch self {
        case .permanent: return .permanent
        case .transient: return .transient
        }
    }

    public var failureClass: String { failureKind.rawValue }
}

extension DecodingError: ClassifiedError {
    /// Content that does not decode (a story file, a model answer, a stored result) never decodes later.
    public var failureKind: FailureKind { .permanent }
    public var failureClass: String { "invalid-content" }
}
