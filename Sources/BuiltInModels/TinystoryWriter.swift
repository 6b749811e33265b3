import Models
import Foundation

/// Writes level-2 tinystories: one event each (``TinyEvent``) — an act with its object, spot, reason and means,
/// what the other character does meanwhile and why, a feeling and its cause, and what follows — so that every QA
/// pair, dialogue line and frame level 3 makes from a tinystory is asked from that tinystory's own text.
struct TinystoryWriter {
    /// The substory's main character and the other one, if any.
    let hero: StoryCharacter
    let other: StoryCharacter?
    /// The object the substory is about ("the brass compass"), if it names one.
    let object: String?
    /// Who or what the characters hurry against ("the harbor master").
    let pressure: String
    /// The movie's places (for `{W}`, another place).
    let locations: [String]
    var rng: SeededGenerator
    /// The other character's own reason to take part, the same through the substory.
    let motive: String
    private var recentActions: [Int] = []
    private var usedObjects: Set<String> = []
    private var usedSpots: [String] = []

    init(hero: StoryCharacter, other: StoryCharacter?, object: String?, pressure: String, locations: [String],
         rng: SeededGenerator) {
        self.hero = hero
        self.other = other
        self.object = object
        self.pressure = pressure
        self.locations = locations
        var rng = rng
        motive = rng.pick(EventVocabulary.motives)
        self.rng = rng
    }

    /// The event at `place`; `next` is where the substory goes after it (for `{W}`).
    mutating func event(at place: String, next: String?) -> TinyEvent {
        var actor = hero, partner = other
        if let other, rng.chance(0.3) { (actor, partner) = (other, hero) }
        let choices = EventAction.catalog.indices.filter { partner != nil || !EventAction.catalog[$0].needsOther }
        let fresh = choices.filter { !recentActions.suffix(6).contains($0) }
        let action = rng.pick(fresh.isEmpty ? choices : fresh)
        recentActions.append(action)
        let act = EventAction.catalog[action]
        let thing: String
        if let object, rng.chance(0.2) { thing = object } else {
            let props = EventVocabulary.props.filter { !usedObjects.contains($0) }
            thing = rng.pick(props.isEmpty ? EventVocabulary.props : props)
        }
        usedObjects.insert(thing)
        let spots = EventVocabulary.spots.filter { !usedSpots.suffix(8).contains($0) }
        let spot = rng.pick(spots)
        usedSpots.append(spot)
        let elsewhere = next.flatMap { $0 == place ? nil : $0 } ?? rng.pick(locations.filter { $0 != place } + [place])
        let hasOther = partner != nil
        let pronouns = partner.map(StoryText.pronouns(for:))
        let slots = ["O": thing, "S": spot, "P": place, "W": elsewhere, "A": actor.name, "B": partner?.name ?? "",
                     "X": pressure, "T": rng.pick(EventVocabulary.times), "Bs": pronouns?.subject ?? "",
                     "Bp": pronouns?.possessive ?? ""]
        func draw(_ texts: [String]) -> String {
            VerbPhrase.fill(rng.pick(texts.filter { EventAction.usable($0, hasOther: hasOther) }), slots)
        }
        let feeling = rng.index(EventVocabulary.feelings.count)
        let feeler = partner.map { rng.chance(0.4) ? $0 : actor } ?? actor
        var side: (phrase: VerbPhrase, pose: FigurePose)?
        if partner != nil { side = rng.pick(EventVocabulary.sideActs) }
        return TinyEvent(place: place, actor: actor, other: partner, action: action, object: thing, spot: spot,
                         reason: draw(act.reasons), means: rng.pick(act.means).fill(slots),
                         side: side?.phrase.fill(slots), sidePose: side?.pose,
                         motive: partner == nil ? nil : VerbPhrase.fill(motive, slots),
                         feeler: feeler, feeling: feeling,
                         feelingCause: draw(EventVocabulary.feelings[feeling].causes), consequence: draw(act.consequences))
    }
}
