import DreamFrameCore
import Foundation

/// Asks a story model to judge one QA pair against the movie (LLM-as-judge).
public struct JudgeRequest: Codable, Sendable, Hashable {
    /// The movie's title.
    public var title: String
    /// The movie's overview.
    public var overview: String
    /// The story text most related to the QA (frames, dialogue, story lines), already trimmed to fit a prompt.
    public var evidence: String
    /// The question being judged.
    public var question: String
    /// The answer being judged.
    public var answer: String

    /// Creates a judge request.
    public init(title: String, overview: String, evidence: String, question: String, answer: String) {
        self.title = title
        self.overview = overview
        self.evidence = evidence
        self.question = question
        self.answer = answer
    }
}
