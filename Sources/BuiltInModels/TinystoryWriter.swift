import Models
import Foundation

/// Writes level-2 tinystories: small concrete events at one location, each with a QA pair asked from its own text.
struct TinystoryWriter {
    /// The character the tinystories follow.
    let hero: StoryCharacter
    /// A second character, if the substory has one.
    let other: StoryCharacter?
    /// The object the substory is about ("the brass compass").
    let object: String
    var rng: SeededGenerator

    init(hero: StoryCharacter, other: StoryCharacter?, object: String, rng: SeededGenerator) {
        self.hero = hero
        self.other = other
        self.object = object
        self.rng = rng
    }

    /// Where a tinystory happens and the two things in it: a small object (`prop`) and a spot in the place.
    struct Scene {
        var place: String
        var prop: String
        var spot: String
    }

    /// One tinystory at `place` and the template it used; the last three templates in `avoid` are skipped when
    /// another one is left.
    mutating func write(at place: String, avoid: [TinystoryTemplate]) -> (passage: Passage, template: TinystoryTemplate) {
        let templates = TinystoryTemplate.allCases.filter { other != nil || !$0.needsPartner }
        let fresh = templates.filter { !avoid.suffix(3).contains($0) }
        let template = rng.pick(fresh.isEmpty ? templates : fresh)
        let scene = Scene(place: place, prop: rng.pick(StoryVocabulary.props), spot: rng.pick(StoryVocabulary.spots))
        switch (template, other) {
        case (.notice, _): return (notice(scene), template)
        case (.warning, _): return (warning(scene), template)
        case (.wait, _): return (wait(scene), template)
        case (.hide, _): return (hide(scene), template)
        case (.repair, _): return (repair(scene), template)
        case (.walkTogether, let other?): return (walkTogether(with: other, scene), template)
        case (.hug, let other?): return (hug(other, scene), template)
        // Templates that need a second character are never drawn without one (see `templates`).
        case (.study, _), (.walkTogether, nil), (.hug, nil): return (study(scene), template)
        }
    }

    /// "He" or "She", for the hero at the start of a sentence.
    var heroPronoun: String { StoryText.cap(StoryText.pronouns(for: hero).subject) }
}
