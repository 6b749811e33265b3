import Foundation

/// A configuration value that cannot be used, with what was expected instead.
public enum ConfigurationError: Error, Sendable, CustomStringConvertible {
    case invalid(String, value: String, expected: String)
    case missing(String, hint: String)

    public var description: String {
        switch self {
        case .invalid(let what, let value, let expected):
            return "invalid \(what) '\(value)': expected \(expected)"
        case .missing(let what, let hint):
            return "missing \(what): \(hint)"
        }
    }
}
