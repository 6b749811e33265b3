import Models
import Foundation

extension BeatWriter {
    /// The text of one beat at `places`.
    mutating func write(_ beat: StoryBeat, at places: BeatPlaces) -> Passage {
        switch beat {
        case .opening: return opening(at: places)
        case .inciting: return inciting(at: places)
        case .meeting: return meeting(at: places)
        case .bond: return bond(at: places)
        case .plan: return plan(at: places)
        case .journey: return journey(at: places)
        case .obstacle: return obstacle(at: places)
        case .discovery: return discovery(at: places)
        case .setback: return setback(at: places)
        case .quarrel: return quarrel(at: places)
        case .sacrifice: return sacrifice(at: places)
        case .reunion: return reunion(at: places)
        case .confession: return confession(at: places)
        case .confrontation: return confrontation(at: places)
        case .climax: return climax(at: places)
        case .resolution: return resolution(at: places)
        case .epilogue: return epilogue(at: places)
        }
    }

    /// The hero as the story refers to them.
    var hero: StoryCast { world.hero }
    /// "He" or "She", for the hero at the start of a sentence.
    var heroPronoun: String { StoryText.cap(hero.subject) }
    /// The hero, or the hero and the ally: "Mara and Tomas".
    var team: String { ally.map { "\(hero.name) and \($0.name)" } ?? hero.name }
    /// The hero's pronoun, or "they" with an ally.
    var teamPronoun: String { ally == nil ? hero.subject : "they" }
    /// Whether ``team`` is one person (for verb agreement: "plans" / "plan").
    var teamIsOne: Bool { ally == nil }
}
