import Models
import Foundation

/// The facts of one tinystory's event, as level 2 writes them and level 3 reads them back from the text alone:
/// who does what to which object where and why, how, what the other character does meanwhile and why, who feels
/// what and why, and what follows.
struct TinyEvent: Sendable {
    /// Where it happens (the tinystory's location).
    var place: String
    /// Who acts.
    var actor: StoryCharacter
    /// The other character in the event, if any.
    var other: StoryCharacter?
    /// The act (``EventAction/catalog`` index) and what fills it.
    var action: Int
    var object: String
    var spot: String
    /// Why the act is done (a clause).
    var reason: String
    /// How the act is done (the actor's verb phrase, filled).
    var means: VerbPhrase
    /// What the other character does meanwhile (filled) and the pose it shows, and why they help (a clause).
    var side: VerbPhrase?
    var sidePose: FigurePose?
    var motive: String?
    /// Who feels what (``EventVocabulary/feelings`` index) and why.
    var feeler: StoryCharacter
    var feeling: Int
    var feelingCause: String
    /// What follows (a clause).
    var consequence: String
    /// Whether the means, the feeling and the consequence are stated in the text (read back, or written); a level-3
    /// call only asks about what its tinystory states.
    var meansStated = true
    var feelingStated = true
    var consequenceStated = true

    /// The act's catalog entry.
    var act: EventAction { EventAction.catalog[action] }
    /// The feeling's vocabulary entry.
    var feelingWords: EventVocabulary.Feeling { EventVocabulary.feelings[feeling] }

    /// The act filled, naming the other character as `otherText` (a name in story text, an appearance in frames).
    func phrase(_ template: VerbPhrase, other otherText: String? = nil) -> VerbPhrase {
        template.fill(["O": object, "S": spot, "B": otherText ?? other?.name ?? ""])
    }

    /// The full act with names: "hides a brass key behind a loose stone".
    var named: VerbPhrase { phrase(act.phrase) }
    /// The act without its spot, with names: "hides a brass key".
    var namedShort: VerbPhrase { phrase(act.short) }

    /// The tinystory's text: one sentence per fact, in a form ``init(parsing:location:characters:)`` reads back.
    var text: String {
        var sentences = ["At the \(place), \(actor.name) \(named.third) because \(reason)."]
        sentences.append("To do that, \(actor.name) \(means.third).")
        if let other, let side, let motive {
            sentences.append("Meanwhile, \(other.name) \(side.third) because \(motive).")
        }
        sentences.append("\(feeler.name) is \(feelingWords.adjective) because \(feelingCause).")
        sentences.append("As a result, \(consequence).")
        return sentences.joined(separator: " ")
    }
}
