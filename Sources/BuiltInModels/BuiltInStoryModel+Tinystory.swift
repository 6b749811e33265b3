import Models
import Foundation

extension BuiltInStoryModel {
    /// Level 3, synchronously: keyframes in the paper's description form (names replaced by appearances, verbs from
    /// the paper's set, an expression), dialogue on about 6 of 11 frames, and exactly two QA pairs — all from the
    /// event the tinystory's own text states (``TinyEvent/init(parsing:location:characters:)``). A tinystory written
    /// some other way gets an event drawn around its location and the characters it names.
    public func tinystoryExpansion(_ request: TinystoryRequest) throws -> TinystoryExpansion {
        let count = request.keyframeCount
        guard (1...64).contains(count) else { throw ModelError.permanent("keyframeCount \(count) is outside 1...64") }
        guard let firstCharacter = request.movie.characters.first else {
            throw ModelError.permanent("the movie has no characters")
        }
        let tiny = request.tinystory
        var rng = SeededGenerator(seed: request.seed, labels: ["tinystory", request.movie.title, String(tiny.index),
                                                               tiny.content])
        let location = tiny.location.isEmpty ? (request.movie.locations.first ?? "square") : tiny.location
        let parsed = TinyEvent(parsing: tiny.content, location: location, characters: request.movie.characters)
        let present = StoryText.mentioned(request.movie.characters, in: tiny.content)
        let event = parsed ?? Self.drawnEvent(at: location, actor: present.first ?? firstCharacter,
                                              other: present.dropFirst().first, rng: &rng)
        var writer = KeyframeWriter(event: event, stated: parsed != nil, rng: rng)
        let plans = writer.plan(count: count)
        let keyframes = writer.keyframes(for: plans, styleKeyword: request.movie.style.keyword)
        return TinystoryExpansion(keyframes: keyframes, qa: writer.questions(about: plans))
    }

    /// An event for a tinystory whose text states none in the built-in form: an act, object and spot drawn, nothing
    /// else taken as stated.
    static func drawnEvent(at place: String, actor: StoryCharacter, other: StoryCharacter?,
                           rng: inout SeededGenerator) -> TinyEvent {
        let choices = EventAction.catalog.indices.filter { other != nil || !EventAction.catalog[$0].needsOther }
        let action = rng.pick(choices)
        let act = EventAction.catalog[action]
        let feeling = EventVocabulary.feelings.firstIndex { $0.expression == act.mood } ?? 0
        let object = rng.pick(EventVocabulary.props), spot = rng.pick(EventVocabulary.spots)
        var event = TinyEvent(place: place, actor: actor, other: other, action: action, object: object, spot: spot,
                              reason: "it matters", means: rng.pick(act.means), side: nil, sidePose: nil, motive: nil,
                              feeler: actor, feeling: feeling, feelingCause: "it matters",
                              consequence: "\(object) is safe for now")
        event.meansStated = false
        event.feelingStated = false
        event.consequenceStated = false
        return event
    }
}
