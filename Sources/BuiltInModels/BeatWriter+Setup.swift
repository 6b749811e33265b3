import Models
import Foundation

extension BeatWriter {
    /// The hero's daily life, what they want and why.
    mutating func opening(at places: BeatPlaces) -> Passage {
        let daily = rng.pick(["works from dawn until dusk", "keeps to a quiet routine", "dreams of a different life",
                              "helps anyone who asks"])
        return Passage(
            content: "At the \(places.here), \(hero.name), \(StoryText.article(hero.trade)) \(hero.trade), \(daily). "
                + "\(hero.name) wants to \(world.goal) because \(world.motive).",
            qa: QAPair(question: "Why does \(hero.name) want to \(world.goal)?", answer: "Because \(world.motive).",
                       type: .why))
    }

    /// The hero learns what stands in the way.
    mutating func inciting(at places: BeatPlaces) -> Passage {
        Passage(
            content: "At the \(places.here), \(hero.name) learns that \(world.obstacle). \(heroPronoun) decides to act "
                + "before \(world.threat) reaches the \(world.home).",
            qa: QAPair(question: "What does \(hero.name) learn at the \(places.here)?",
                       answer: "\(heroPronoun) learns that \(world.obstacle).", type: .what))
    }

    /// The hero meets the ally, who agrees to help (or finds nobody).
    mutating func meeting(at places: BeatPlaces) -> Passage {
        guard let ally else {
            return Passage(
                content: "\(hero.name) asks strangers at the \(places.here) for help, but nobody listens. "
                    + "\(heroPronoun) decides to go on alone.",
                qa: QAPair(question: "Where does \(hero.name) ask strangers for help?",
                           answer: "At the \(places.here), but nobody listens.", type: .where))
        }
        let reason = world.allyMotive
        return Passage(
            content: "\(hero.name) meets \(ally.name), \(StoryText.article(ally.trade)) \(ally.trade), at the "
                + "\(places.here). \(ally.name) agrees to help because \(ally.subject) \(reason).",
            qa: QAPair(question: "Why does \(ally.name) agree to help \(hero.name)?",
                       answer: "Because \(ally.subject) \(reason).", type: .why))
    }

    /// A quiet moment: the ally learns the hero's flaw (or the hero thinks alone).
    mutating func bond(at places: BeatPlaces) -> Passage {
        guard let ally else {
            return Passage(
                content: "At the \(places.here), \(hero.name) sits alone and thinks about \(hero.possessive) past and "
                    + "\(world.flaw).",
                qa: QAPair(question: "What does \(hero.name) think about at the \(places.here)?",
                           answer: "\(heroPronoun) thinks about \(hero.possessive) past and \(world.flaw).", type: .what))
        }
        return Passage(
            content: "At the \(places.here), \(hero.name) and \(ally.name) share a quiet meal and talk about the past. "
                + "\(ally.name) learns that \(hero.name) carries \(world.flaw).",
            qa: QAPair(question: "What does \(ally.name) learn about \(hero.name) at the \(places.here)?",
                       answer: "\(StoryText.cap(ally.subject)) learns that \(hero.name) carries \(world.flaw).",
                       type: .what))
    }

    /// The team makes its plan.
    mutating func plan(at places: BeatPlaces) -> Passage {
        let verb = teamIsOne ? "plans" : "plan"
        return Passage(
            content: "At the \(places.here), \(team) \(verb) to \(world.method) so that \(teamPronoun) can \(world.goal).",
            qa: QAPair(question: "How \(teamIsOne ? "does" : "do") \(team) plan to \(world.goal)?",
                       answer: "\(StoryText.cap(teamPronoun)) \(verb) to \(world.method).", type: .how))
    }
}
