import Models
import Foundation

extension BeatWriter {
    /// The hero and the ally make peace (or the hero returns to the people left behind).
    mutating func reunion(at places: BeatPlaces) -> Passage {
        guard let ally else {
            return Passage(
                content: "At the \(places.here), \(hero.name) returns to the people \(hero.subject) left behind and asks "
                    + "for their help.",
                qa: QAPair(question: "Where does \(hero.name) ask for help again?",
                           answer: "At the \(places.here), from the people \(hero.subject) left behind.", type: .where))
        }
        return Passage(
            content: "\(hero.name) finds \(ally.name) again at the \(places.here) and apologises. They forgive each other "
                + "and promise to finish what they started.",
            qa: QAPair(question: "How do \(hero.name) and \(ally.name) make peace at the \(places.here)?",
                       answer: "\(hero.name) apologises, and they forgive each other.", type: .how))
    }

    /// The hero admits the flaw.
    mutating func confession(at places: BeatPlaces) -> Passage {
        let listener = ally?.name ?? "an old friend"
        return Passage(
            content: "At the \(places.here), \(hero.name) admits \(world.flaw) to \(listener). Saying it aloud makes "
                + "\(hero.object) stronger.",
            qa: QAPair(question: "What does \(hero.name) admit at the \(places.here)?",
                       answer: "\(heroPronoun) admits \(world.flaw) to \(listener).", type: .what))
    }

    /// The hero faces the opponent in the way the conflict calls for.
    mutating func confrontation(at places: BeatPlaces) -> Passage {
        let act: String
        switch world.conflict {
        case .antagonist: act = "demands the return of \(world.treasure)"
        case .nature: act = "leads everyone to higher ground"
        case .society: act = "shows the proof of \(hero.possessive) innocence"
        case .inner: act = "finally faces \(world.flaw)"
        case .secret: act = "shows everyone \(world.clue)"
        }
        return Passage(
            content: "At the \(places.here), \(hero.name) faces \(world.opponent). \(heroPronoun) refuses to back down "
                + "and \(act).",
            qa: QAPair(question: "How does \(hero.name) face \(world.opponent) at the \(places.here)?",
                       answer: "\(heroPronoun) refuses to back down and \(act).", type: .how))
    }

    /// The method works and the hero reaches the goal.
    mutating func climax(at places: BeatPlaces) -> Passage {
        let method = StoryText.thirdPerson(world.method)
        return Passage(
            content: "At the \(places.here), \(hero.name) \(method) and finally manages to \(world.goal). "
                + "\(StoryText.cap(world.opponent)) can do nothing to stop it.",
            qa: QAPair(question: "How does \(hero.name) finally manage to \(world.goal)?",
                       answer: "\(heroPronoun) \(method).", type: .how))
    }

    /// The people celebrate and the hero is free of the flaw.
    mutating func resolution(at places: BeatPlaces) -> Passage {
        Passage(
            content: "Back at the \(places.here), the people celebrate, and \(hero.name) is finally free of \(world.flaw).",
            qa: QAPair(question: "Where do the people celebrate at the end?",
                       answer: "They celebrate back at the \(places.here).", type: .where))
    }

    /// What the hero does months later.
    mutating func epilogue(at places: BeatPlaces) -> Passage {
        let act = rng.pick(["teaches a child the work of \(StoryText.article(hero.trade)) \(hero.trade)",
                            "writes down the whole story", "opens the doors to anyone in need"])
        return Passage(
            content: "Months later at the \(places.here), \(hero.name) \(act).",
            qa: QAPair(question: "What does \(hero.name) do months later?",
                       answer: "\(heroPronoun) \(act) at the \(places.here).", type: .what))
    }
}
