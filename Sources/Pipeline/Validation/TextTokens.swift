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
        asciiWords(text) ?? text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// ``words(_:)`` of an all-ASCII text in one pass over its bytes (nil when it has other characters): the same
    /// words — in ASCII the letters are A-Z and a-z, the numbers 0-9, and every grapheme is one byte, or CR LF, whose
    /// first scalar separates as well — without the grapheme breaking and Unicode property lookups of the general
    /// path, which cost a validator most of its time on an 11,11,11 movie's text.
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var result: [String] = []
            var word: [UInt8] = []
            word.reserveCapacity(32)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    word.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    word.append(byte | 0x20)
                case 0x80...:
                    return nil
                default:
                    if !word.isEmpty {
                        result.append(String(decoding: word, as: UTF8.self))
                        word.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !word.isEmpty { result.append(String(decoding: word, as: UTF8.self)) }
            return result
        }
    }

    /// Words that carry meaning, lightly stemmed (plural and -ing / -ed endings dropped).
    public static func contentWords(_ text: String) -> [String] {
        contentWords(ofWords: words(text))
    }

    /// ``contentWords(_:)`` of words ``words(_:)`` already made.
    static func contentWords(ofWords words: [String]) -> [String] {
        words.filter { !stopwords.contains($0) && $0.count > 1 }.map(stem)
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
