import Models
import Foundation

extension BeatWriter {
    /// The team travels from here to there in search of the treasure.
    mutating func journey(at places: BeatPlaces) -> Passage {
        let verb = teamIsOne ? "travels" : "travel"
        let event = rng.pick(StoryVocabulary.interruptions)
        return Passage(
            content: "\(team) \(verb) from the \(places.here) to the \(places.there) to search for \(world.treasure). "
                + "On the way, \(event).",
            qa: QAPair(question: "Where \(teamIsOne ? "does" : "do") \(team) travel to search for \(world.treasure)?",
                       answer: "\(StoryText.cap(teamPronoun)) \(verb) from the \(places.here) to the \(places.there).",
                       type: .where))
    }

    /// The obstacle blocks the hero's way.
    mutating func obstacle(at places: BeatPlaces) -> Passage {
        Passage(
            content: "At the \(places.here), \(hero.name) cannot go further because \(world.obstacle). \(heroPronoun) "
                + "has to find another way.",
            qa: QAPair(question: "Why can't \(hero.name) go further at the \(places.here)?",
                       answer: "Because \(world.obstacle).", type: .why))
    }

    /// The hero finds the clue and what it reveals.
    mutating func discovery(at places: BeatPlaces) -> Passage {
        Passage(
            content: "In the \(places.here), \(hero.name) finds \(world.clue). It shows that \(world.revelation).",
            qa: QAPair(question: "What does \(hero.name) find in the \(places.here)?",
                       answer: "\(heroPronoun) finds \(world.clue), which shows that \(world.revelation).", type: .what))
    }

    /// The opponent gets there first.
    mutating func setback(at places: BeatPlaces) -> Passage {
        Passage(
            content: "At the \(places.here), \(hero.name)'s plan fails because \(world.opponent) arrives first. "
                + "\(heroPronoun) must start again with nothing but \(world.clue).",
            qa: QAPair(question: "Why does \(hero.name)'s plan fail at the \(places.here)?",
                       answer: "Because \(world.opponent) arrives first.", type: .why))
    }

    /// The hero and the ally argue and the ally leaves (without an ally, an obstacle instead).
    mutating func quarrel(at places: BeatPlaces) -> Passage {
        guard let ally else { return obstacle(at: places) }
        return Passage(
            content: "At the \(places.here), \(hero.name) and \(ally.name) argue because \(ally.name) thinks the plan is "
                + "too dangerous. \(ally.name) walks away to the \(places.there).",
            qa: QAPair(question: "Why do \(hero.name) and \(ally.name) argue at the \(places.here)?",
                       answer: "Because \(ally.name) thinks the plan is too dangerous.", type: .why))
    }

    /// The ally (or the hero) gives something up for the goal.
    mutating func sacrifice(at places: BeatPlaces) -> Passage {
        let thing = rng.pick(["savings", "place on the last boat", "safe hiding place", "only chance to leave"])
        guard let ally else {
            return Passage(
                content: "At the \(places.here), \(hero.name) gives up \(hero.possessive) \(thing) to \(world.goal).",
                qa: QAPair(question: "What does \(hero.name) give up at the \(places.here)?",
                           answer: "\(heroPronoun) gives up \(hero.possessive) \(thing).", type: .what))
        }
        return Passage(
            content: "At the \(places.here), \(ally.name) gives up \(ally.possessive) \(thing) so that \(hero.name) can "
                + "\(world.goal).",
            qa: QAPair(question: "Why does \(ally.name) give up \(ally.possessive) \(thing)?",
                       answer: "So that \(hero.name) can \(world.goal).", type: .why))
    }
}
