import Foundation

/// The four question types the paper allows, plus the single whole-movie description question.
public enum QAType: String, Codable, Sendable, CaseIterable {
    /// "What ...?"
    case what
    /// "Why ...?"
    case why
    /// "How ...?"
    case how
    /// "Where ...?"
    case `where`
    /// The whole-movie description question ("Describe in detail ...").
    case describe
}
