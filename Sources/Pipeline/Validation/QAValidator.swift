import Models
import Clients
import DreamFrameCore
import Foundation

/// Checks a movie's QA against the movie itself: the paper's question types, 1-2 sentence answers that are supported
/// by the movie's frames, dialogue, overview or story text, no near-duplicates, no strangers, no leaked prompt text.
///
/// Near-duplicates are decided last and only against pairs being kept: pairs are considered best first (clean before
/// flawed, then the better supported, then by their text — never by their position), and a pair is a near-duplicate
/// only of a better pair that is kept. So a bad variant of a good question never costs the good one its place,
/// whichever comes first in the story.
public struct QAValidator: Sendable {
    /// Minimum share of an answer's content words found in the movie's text.
    public var supportThreshold: Double
    /// Questions at least this similar (Jaccard of content words) to a kept one are duplicates.
    public var duplicateThreshold: Double

    /// Creates a validator with the given thresholds.
    public init(supportThreshold: Double = 0.5, duplicateThreshold: Double = 0.85) {
        self.supportThreshold = supportThreshold
        self.duplicateThreshold = duplicateThreshold
    }

    static let leakPatterns = ["generate an image", "{\"", "\"}", "```", "<video>", "<image>", "[frame", "img_diag",
                               "json", "</", "/>"]

    /// Validates every QA pair of `story`; the verdicts are in the story's order.
    public func validate(_ story: StoryDocument) -> [QAVerdict] {
        resolveDuplicates(assess(story))
    }

    /// Every check but the near-duplicate one, for each QA pair in order.
    func assess(_ story: StoryDocument) -> [QAVerdict] {
        let corpus = Self.corpus(of: story)
        let names = Set((story.characters?.map(\.name) ?? Array(story.character.keys)).flatMap { TextTokens.words($0) })
        let knownWords = corpus.words
        return story.qa.enumerated().map { index, entry in
            var reasons: [RejectReason] = []
            let question = entry.question.trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = entry.answer.trimmingCharacters(in: .whitespacesAndNewlines)
            let type = Self.type(of: question, declared: entry.type)
            if type == nil { reasons.append(.wrongType) }
            if answer.isEmpty { reasons.append(.emptyAnswer) }
            // The whole-movie description's answer is the overview (the paper's form); the rest get 1-2 sentences.
            if type != .describe, TextTokens.sentences(answer).count > 2 { reasons.append(.tooLong) }
            let questionWords = Set(TextTokens.contentWords(question))
            let answerWords = Set(TextTokens.contentWords(answer))
            if !answerWords.isEmpty, answerWords.isSubset(of: questionWords) || TextTokens.jaccard(answerWords, questionWords) > 0.8 {
                reasons.append(.restatesQuestion)
            }
            let support = answerWords.isEmpty ? 0 : Double(answerWords.filter { corpus.stems.contains($0) }.count) / Double(answerWords.count)
            if type != .describe, !answer.isEmpty, support < supportThreshold { reasons.append(.unsupported) }
            if Self.strangers(in: question + " " + answer, names: names, known: knownWords) { reasons.append(.unknownPerson) }
            let lowered = (question + " " + answer).lowercased()
            if Self.leakPatterns.contains(where: { lowered.contains($0) }) { reasons.append(.leakedMarkup) }
            return QAVerdict(index: index, question: question, answer: answer, type: type,
                             verdict: reasons.isEmpty ? .keep : .reject, reasons: reasons,
                             support: (support * 1000).rounded() / 1000)
        }
    }

    /// The question's type: the whole-movie description when declared so or when the question opens with
    /// "Describe"; otherwise the paper type its first word names (``QAType/init(question:firstWord:)``), or nil.
    static func type(of question: String, declared: QAType?) -> QAType? {
        if declared == .describe || question.lowercased().hasPrefix("describe") { return .describe }
        return QAType(question: question, firstWord: .lettersOnly).flatMap { $0 == .describe ? nil : $0 }
    }

    /// Capitalised words inside a sentence that name nobody in the movie and appear nowhere in its text.
    static func strangers(in text: String, names: Set<String>, known: Set<String>) -> Bool {
        for sentence in TextTokens.sentences(text) {
            let words = sentence.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
            for word in words.dropFirst() where word.count > 1 {
                guard let first = word.first, first.isUppercase, word.dropFirst().allSatisfy({ $0.isLowercase }) else { continue }
                let lower = word.lowercased()
                if names.contains(lower) || known.contains(lower) || TextTokens.stopwords.contains(lower) { continue }
                return true
            }
        }
        return false
    }

    struct Corpus {
        var text: String
        /// The text's words (``TextTokens/words(_:)``) and content-word stems.
        var words: Set<String>
        var stems: Set<String>
    }

    static func corpus(of story: StoryDocument) -> Corpus {
        var parts = [story.overview] + story.frameDescriptions + story.dialogue
        parts += story.substories?.flatMap { [$0.content] + $0.tinystories.map(\.content) } ?? []
        parts += story.character.map { "\($0.key) \($0.value)" }
        parts += story.locations ?? []
        if let title = story.title { parts.append(title) }
        let text = parts.joined(separator: "\n")
        let words = TextTokens.words(text)
        return Corpus(text: text, words: Set(words), stems: Set(TextTokens.contentWords(ofWords: words)))
    }
}
