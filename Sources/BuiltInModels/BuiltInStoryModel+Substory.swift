import Models
import Imaging
import DreamFrameCore
import Foundation

extension BuiltInStoryModel {
    /// Level 2, synchronously: `tinystoryCount` tinystories at the substory's scene locations, one event each
    /// (``TinystoryWriter``), plus one QA pair about what happens next from one event to the following one.
    public func substoryExpansion(_ request: SubstoryRequest) throws -> SubstoryExpansion {
        guard (1...64).contains(request.tinystoryCount) else {
            throw ModelError.permanent("tinystoryCount \(request.tinystoryCount) is outside 1...64")
        }
        guard let firstCharacter = request.movie.characters.first else {
            throw ModelError.permanent("the movie has no characters")
        }
        var rng = SeededGenerator(seed: request.seed, labels: ["substory", request.movie.title, String(request.substory.index),
                                                               request.substory.content])
        let sub = request.substory
        let present = StoryText.mentioned(request.movie.characters, in: sub.content)
        let hero = present.first ?? firstCharacter
        let other = present.dropFirst().first ?? request.movie.characters.first { $0.name != hero.name }
        let scene = sub.scene.isEmpty ? [request.movie.locations.first ?? "village square"] : sub.scene
        let object = StoryVocabulary.mentionedObject(in: sub.content)
        let pressure = Self.pressure(in: sub.content) ?? rng.pick(EventVocabulary.pressures)
        var writer = TinystoryWriter(hero: hero, other: other, object: object, pressure: pressure,
                                     locations: request.movie.locations, rng: rng)
        let count = request.tinystoryCount
        // The scene's places in order, each for an equal share of the tinystories.
        let places = (0..<count).map { scene[min(scene.count - 1, $0 * scene.count / count)] }
        let events = places.enumerated().map { i, place in
            writer.event(at: place, next: i + 1 < count ? places[i + 1] : nil)
        }
        rng = writer.rng
        let tinystories = events.enumerated().map { Tinystory(index: $0.offset, location: $0.element.place, content: $0.element.text) }
        return SubstoryExpansion(tinystories: tinystories, qa: Self.nextQuestion(events, rng: &rng))
    }

    /// What one character does right after an event, asked across two events (no level-3 call sees both); with one
    /// event, where it happens.
    static func nextQuestion(_ events: [TinyEvent], rng: inout SeededGenerator) -> QAPair {
        guard events.count > 1 else {
            let e = events[0]
            return QAPair(question: "Where does \(e.actor.name) \(e.namedShort.base)?", answer: "At the \(e.place).", type: .where)
        }
        let k = rng.index(events.count - 1)
        let (first, then) = (events[k], events[k + 1])
        let pronoun = StoryText.pronouns(for: then.actor).subject
        let earlier = first.actor.name == then.actor.name ? pronoun : first.actor.name
        return QAPair(question: "What does \(then.actor.name) do next at the \(then.place), right after \(earlier) "
                          + "\(first.namedShort.third)?",
                      answer: "\(StoryText.cap(pronoun)) \(then.named.third).", type: .what)
    }

    /// A figure of power of any built-in world that `text` names ("the harbor master"), if any.
    static func pressure(in text: String) -> String? {
        let lower = text.lowercased()
        return StorySetting.catalog.flatMap(\.powers).filter { lower.contains($0) }.max { $0.count < $1.count }
    }
}
