import Foundation

/// Why a QA pair was rejected.
public enum RejectReason: String, Codable, Sendable, CaseIterable {
    /// The question is not one of what / why / how / where (or the whole-movie description).
    case wrongType = "wrong-type"
    /// The answer is empty.
    case emptyAnswer = "empty-answer"
    /// The answer is longer than two sentences (the whole-movie description is exempt).
    case tooLong = "answer-too-long"
    /// The answer only repeats the question's words.
    case restatesQuestion = "restates-question"
    /// Too few of the answer's content words appear in the movie's own text.
    case unsupported = "unsupported"
    /// The question is nearly the same as a better one that is kept.
    case nearDuplicate = "near-duplicate"
    /// The text names a person who is nowhere in the movie.
    case unknownPerson = "unknown-person"
    /// Prompt text or markup leaked into the question or answer.
    case leakedMarkup = "leaked-markup"
    /// The optional LLM judge found the answer unsupported.
    case judgeRejected = "judge-rejected"
}
