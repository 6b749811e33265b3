import Foundation
import Testing
@testable import Models
@testable import Pipeline
@testable import HTTPModels

@Suite("QA type detection")
struct QATypeDetectionTests {
    @Test func qaTypeFromTheFirstWord() {
        #expect(QAType(question: "Why does she leave?") == .why)
        #expect(QAType(question: "  where is it") == .where)
        #expect(QAType(question: "How, exactly?") == .how)
        #expect(QAType(question: "WHAT IS it") == .what)
        #expect(QAType(question: "Describe the movie.") == .describe)
        #expect(QAType(question: "Who is she?") == nil)
        #expect(QAType(question: "Whatever happened?") == nil)
        #expect(QAType(question: "") == nil)
        // Letters only: a contraction or a leading symbol still names the type.
        #expect(QAType(question: "What's that?", firstWord: .lettersOnly) == .what)
        #expect(QAType(question: "¿Why", firstWord: .lettersOnly) == .why)
        #expect(QAType(question: "`What`", firstWord: .lettersOnly) == .what)
        // Whole word: only punctuation around the word is trimmed.
        #expect(QAType(question: "\"Why?\"", firstWord: .wholeWord) == .why)
        #expect(QAType(question: "What's that?", firstWord: .wholeWord) == nil)
        #expect(QAType(question: "`What`", firstWord: .wholeWord) == nil)
    }

    @Test func bothCallersKeepTheirReading() {
        // The validator: declared or "Describe…" is the description; a first word "describe" elsewhere is not a type.
        #expect(QAValidator.type(of: "Describes the film", declared: nil) == .describe)
        #expect(QAValidator.type(of: "Why?", declared: .describe) == .describe)
        #expect(QAValidator.type(of: "\"Describe the film\"", declared: nil) == nil)
        #expect(QAValidator.type(of: "What's that?", declared: .why) == .what)
        // The OpenAI parser: whole first word, describe included.
        #expect(OpenAIStoryModel.qaType(of: "Describe, please") == .describe)
        #expect(OpenAIStoryModel.qaType(of: "What's that?") == nil)
        #expect(OpenAIStoryModel.qaType(of: "  where is it") == .where)
    }
}
