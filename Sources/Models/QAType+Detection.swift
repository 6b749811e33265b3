import Foundation

extension QAType {
    /// How a question's first word is cut out of its text before it is matched against the type names.
    public enum FirstWordRule: Sendable {
        /// The first run of letters and digits: `"What's that?"`, `"what-if?"` and `"¿Why"` start with "what", "what"
        /// and "why". The QA validator reads questions this way.
        case lettersOnly
        /// The first whitespace-separated word with punctuation trimmed from both ends: `"How, exactly?"` starts with
        /// "how", but `"What's that?"` starts with "what's", which names no type. The OpenAI answer parser reads a
        /// model's questions this way (and asks the model to repair the others).
        case wholeWord
    }

    /// The type a question's first word names, case-insensitively: "what", "why", "how", "where" or "describe";
    /// nil for any other first word. Leading whitespace is skipped, and leading punctuation is too
    /// (with ``FirstWordRule/lettersOnly`` any leading non-letter).
    public init?(question: String, firstWord rule: FirstWordRule = .lettersOnly) {
        self.init(rawValue: Self.firstWord(of: question, rule: rule))
    }

    /// The lower-cased first word of `question` under `rule`, or "" when there is none.
    static func firstWord(of question: String, rule: FirstWordRule) -> String {
        switch rule {
        case .lettersOnly:
            let words = question.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            return words.first.map(String.init) ?? ""
        case .wholeWord:
            let words = question.split(whereSeparator: { $0.isWhitespace })
            return words.first.map { $0.lowercased().trimmingCharacters(in: .punctuationCharacters) } ?? ""
        }
    }
}
