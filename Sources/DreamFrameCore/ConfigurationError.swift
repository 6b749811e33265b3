/// A configuration value that cannot be used, with what was expected instead. Always permanent: the same
/// configuration fails the same way next time.
public enum ConfigurationError: ClassifiedError, Sendable, CustomStringConvertible {
    /// `what` has the unusable `value`; `expected` says what would work.
    case invalid(String, value: String, expected: String)
    /// `what` is not set anywhere; `hint` says where to set it.
    case missing(String, hint: String)

    public var description: String {
        switch self {
        case .invalid(let what, let value, let expected):
            return "invalid \(what) '\(value)': expected \(expected)"
        case .missing(let what, let hint):
            return "missing \(what): \(hint)"
        }
    }

    public var failureKind: FailureKind { .permanent }
    public var failureClass: String { "configuration" }
}
