import Foundation

/// A character's part in the story: the paper asks for 1-2 main and 0-1 supporting characters.
///
/// Encoded as a plain string (`"main"`, `"supporting"`). Any other string a model or an older file wrote decodes as
/// ``other(_:)`` and encodes back unchanged, so stored stories round-trip exactly.
public enum CharacterRole: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// A lead character.
    case main
    /// A supporting character, e.g. a mentor or a rival.
    case supporting
    /// A role outside the paper's two, kept verbatim.
    case other(String)

    /// The role a string names: exactly `main` or `supporting`; anything else is kept as ``other(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "main": self = .main
        case "supporting": self = .supporting
        default: self = .other(rawValue)
        }
    }

    /// The string the role is written as.
    public var rawValue: String {
        switch self {
        case .main: return "main"
        case .supporting: return "supporting"
        case .other(let text): return text
        }
    }

    /// The role as written (``rawValue``).
    public var description: String { rawValue }

    /// Roles are equal when they are written the same (`.other("main")` is `.main`).
    public static func == (lhs: CharacterRole, rhs: CharacterRole) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the written form, consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Decodes a plain string; never fails on an unknown role.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
