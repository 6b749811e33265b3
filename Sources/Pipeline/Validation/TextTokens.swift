import Models
import Clients
import DreamFrameCore
import Foundation

/// Word-level text helpers for validation: normalisation, content words, sentences.
public enum TextTokens {
    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is",
        "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she",
        "they", "them", "his", "her", "their", "him", "i", "you", "we", "us", "our", "your", "my", "me", "do", "does",
        "did", "what", "why", "how", "where", "when", "who", "which", "so", "because", "into", "about", "after",
        "before", "then", "than", "there", "here", "has", "have", "had", "not", "no", "can", "could", "would",
        "should", "will", "shall", "may", "might", "must", "up", "out", "over", "under", "again", "also", "very",
        "just", "only", "all", "any", "some", "such", "own", "same", "other", "each", "both", "more", "most",
    ]

    /// Lower-cased words of letters and digits.
    public static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// Words that carry meaning, lightly stemmed (plural and -ing / -ed endings dropped).
    public static func contentWords(_ text: String) -> [String] {
        words(text).filter { !stopwords.contains($0) && $0.count > 1 }.map(stem)
    }

    /// A crude stem so "walks", "walking" and "walked" meet.
    public static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// Sentences, split on `.`, `!` and `?` followed by a space or the end.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            current.append(c)
            if ".!?".contains(c), i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "\n" {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.count > 1 { result.append(trimmed) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    /// Jaccard similarity of two word sets.
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }
}
