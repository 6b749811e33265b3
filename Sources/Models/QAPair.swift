import DreamFrameCore
import Foundation

/// One question-answer pair about a movie.
public struct QAPair: Codable, Sendable, Hashable {
    /// The question, starting with its type's word ("Why does ...?").
    public var question: String
    /// One or two sentences answering it from the movie's own text.
    public var answer: String
    /// The question's type.
    public var type: QAType

    /// Creates a QA pair.
    public init(question: String, answer: String, type: QAType) {
        self.question = question
        self.answer = answer
        self.type = type
    }
}
