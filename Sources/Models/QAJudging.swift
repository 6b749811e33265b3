import DreamFrameCore
import Foundation

/// Asks a story model to judge one QA pair against the movie (LLM-as-judge).
public struct JudgeRequest: Codable, Sendable, Hashable {
    /// The movie's title and overview.
    public var title: String
    public var overview: String
    /// The story text most related to the QA (frames, dialogue, story lines), already trimmed to fit a prompt.
    public var evidence: String
    public var question: String
    public var answer: String

    public init(title: String, overview: String, evidence: String, question: String, answer: String) {
        self.title = title
        self.overview = overview
        self.evidence = evidence
        self.question = question
        self.answer = answer
    }
}

/// A judge's answer: is the QA pair supported by the movie, and why.
public struct JudgeVerdict: Codable, Sendable, Hashable {
    public var supported: Bool
    public var reason: String

    public init(supported: Bool, reason: String) {
        self.supported = supported
        self.reason = reason
    }
}

extension StoryModel {
    /// Default: this model does not judge (the built-in model), so the judge step is skipped.
    public func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { nil }
}
