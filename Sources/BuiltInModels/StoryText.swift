import Models
import Imaging
import DreamFrameCore
import Foundation

/// Small text helpers shared by the built-in story model.
enum StoryText {
    /// Upper-cases the first character.
    static func cap(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    /// "a" or "an" for the word that follows.
    static func article(_ word: String) -> String {
        guard let f = word.lowercased().first else { return "a" }
        return "aeiou".contains(f) ? "an" : "a"
    }

    /// "Blacksmith's Shop" from "blacksmith's shop".
    static func titleCase(_ s: String) -> String {
        s.split(separator: " ").map { cap(String($0)) }.joined(separator: " ")
    }

    /// Third-person singular of a base verb phrase's first word ("climb through" → "climbs through").
    static func thirdPerson(_ phrase: String) -> String {
        var words = phrase.split(separator: " ").map(String.init)
        guard let v = words.first else { return phrase }
        if v == "have" { words[0] = "has" }
        else if v.hasSuffix("s") || v.hasSuffix("sh") || v.hasSuffix("ch") || v.hasSuffix("x") { words[0] = v + "es" }
        else if v.hasSuffix("y"), let p = v.dropLast().last, !"aeiou".contains(p) { words[0] = v.dropLast() + "ies" }
        else { words[0] = v + "s" }
        return words.joined(separator: " ")
    }

    /// Pronouns for a character judged from its appearance phrase.
    static func pronouns(for character: StoryCharacter) -> (subject: String, object: String, possessive: String, reflexive: String) {
        let words = Set(character.appearance.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        let female = words.contains("woman") || words.contains("girl") || words.contains("lady")
        return female ? ("she", "her", "her", "herself") : ("he", "him", "his", "himself")
    }

    /// Characters whose names occur in `text`, in order of first mention.
    static func mentioned(_ characters: [StoryCharacter], in text: String) -> [StoryCharacter] {
        characters.compactMap { c -> (Int, StoryCharacter)? in
            guard let r = text.range(of: c.name) else { return nil }
            return (text.distance(from: text.startIndex, to: r.lowerBound), c)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
