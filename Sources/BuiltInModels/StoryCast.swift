import Models
import Imaging
import DreamFrameCore
import Foundation

/// A character as the story model reasons about it: name, gender (for pronouns), trade and fixed appearance.
struct StoryCast: Sendable, Hashable {
    var name: String
    var female: Bool
    var trade: String
    var appearance: String
    var role: CharacterRole

    var subject: String { female ? "she" : "he" }
    var object: String { female ? "her" : "him" }
    var possessive: String { female ? "her" : "his" }

    /// The public character record.
    var character: StoryCharacter { StoryCharacter(name: name, role: role, appearance: appearance) }

    /// Draws a character with a fresh name (not in `taken`) and a fixed appearance whose clothing colour is not in
    /// `usedColours`.
    static func draw(role: CharacterRole, trade: String, taken: [String], usedColours: [String],
                     rng: inout SeededGenerator) -> StoryCast {
        let female = rng.chance(0.5)
        let pool = (female ? StoryVocabulary.femaleNames : StoryVocabulary.maleNames).filter { !taken.contains($0) }
        let name = rng.pick(pool)
        let build = rng.pick(StoryVocabulary.builds)
        let age = rng.pick(StoryVocabulary.ages)
        let feature = rng.pick(female ? StoryVocabulary.femaleFeatures : StoryVocabulary.maleFeatures)
        let colour = rng.pick(StoryVocabulary.clothingColours.filter { !usedColours.contains($0) })
        let garment = rng.pick(female ? StoryVocabulary.femaleGarments : StoryVocabulary.maleGarments)
        let who = [build, age, female ? "woman" : "man"].filter { !$0.isEmpty }.joined(separator: " ")
        let appearance = "a \(who) with \(feature) in \(StoryText.article(colour)) \(colour) \(garment)"
        return StoryCast(name: name, female: female, trade: trade, appearance: appearance, role: role)
    }

    /// The clothing colour word of the appearance.
    var colour: String {
        StoryVocabulary.clothingColours.sorted { $0.count > $1.count }.first { appearance.contains(" in a \($0) ") || appearance.contains(" in an \($0) ") } ?? ""
    }
}
