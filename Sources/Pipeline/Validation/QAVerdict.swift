import Models
import Foundation

/// The validator's verdict on one QA pair.
public struct QAVerdict: Codable, Sendable, Hashable {
    /// Keep the pair in the dataset, or reject it.
    public enum Decision: String, Codable, Sendable {
        /// Every check passed.
        case keep
        /// At least one check failed (see ``QAVerdict/reasons``).
        case reject
    }

    /// The pair's position in the story's QA list.
    public var index: Int
    /// The question, trimmed.
    public var question: String
    /// The answer, trimmed.
    public var answer: String
    /// The question's type, or nil when it is not one the paper allows.
    public var type: QAType?
    /// Keep or reject (`"keep"` / `"reject"` in JSON).
    public var verdict: Decision
    /// Every check the pair failed; empty when kept.
    public var reasons: [RejectReason]
    /// Share of the answer's content words found in the movie's own text, 0...1.
    public var support: Double
    /// The LLM judge's reason, when a judge ran.
    public var judge: String?
    /// For a near-duplicate: the index of the kept pair it repeats (`"duplicate_of"` in JSON).
    public var duplicateOf: Int?

    enum CodingKeys: String, CodingKey {
        case index, question, answer, type, verdict, reasons, support, judge, duplicateOf = "duplicate_of"
    }

    /// Whether the pair is kept.
    public var kept: Bool { verdict == .keep }
}
