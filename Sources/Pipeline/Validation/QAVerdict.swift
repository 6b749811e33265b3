import Models
import Clients
import DreamFrameCore
import Foundation

/// Why a QA pair was rejected.
public enum RejectReason: String, Codable, Sendable, CaseIterable {
    case wrongType = "wrong-type"
    case emptyAnswer = "empty-answer"
    case tooLong = "answer-too-long"
    case restatesQuestion = "restates-question"
    case unsupported = "unsupported"
    case nearDuplicate = "near-duplicate"
    case unknownPerson = "unknown-person"
    case leakedMarkup = "leaked-markup"
    /// The optional LLM judge found the answer unsupported.
    case judgeRejected = "judge-rejected"
}

/// The validator's verdict on one QA pair.
public struct QAVerdict: Codable, Sendable, Hashable {
    public var index: Int
    public var question: String
    public var answer: String
    public var type: QAType?
    /// `keep` or `reject`.
    public var verdict: String
    public var reasons: [RejectReason]
    /// Share of the answer's content words found in the movie's own text, 0...1.
    public var support: Double
    /// The LLM judge's reason, when a judge ran.
    public var judge: String?

    public var kept: Bool { verdict == "keep" }
}
