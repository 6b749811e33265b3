import Models
import Foundation

extension TinystoryWriter {
    /// The hero arrives and notices the prop near the spot.
    func notice(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place, prop = scene.prop, spot = scene.spot
        return Passage(
            content: "\(hero) arrives at the \(place) and looks around for \(object). \(heroPronoun) notices \(prop) near "
                + "\(spot).",
            qa: QAPair(question: "What does \(hero) notice at the \(place)?",
                       answer: "\(heroPronoun) notices \(prop) near \(spot).", type: .what))
    }

    /// The second character (or a stranger) warns the hero.
    mutating func warning(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place
        let warning = rng.pick(StoryVocabulary.warnings)
        guard let other else {
            return Passage(
                content: "At the \(place), \(hero) talks with a stranger about \(object). The stranger warns that "
                    + "\(warning).",
                qa: QAPair(question: "What warning does the stranger give \(hero) at the \(place)?",
                           answer: "The stranger warns that \(warning).", type: .what))
        }
        return Passage(
            content: "\(hero) talks with \(other.name) at the \(place) about \(object). \(other.name) warns that "
                + "\(warning).",
            qa: QAPair(question: "What warning does \(other.name) give at the \(place)?",
                       answer: "\(other.name) warns that \(warning).", type: .what))
    }

    /// The hero waits, seated, until something happens.
    mutating func wait(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place
        let time = rng.pick(StoryVocabulary.times), seat = rng.pick(StoryVocabulary.seats)
        return Passage(
            content: "\(hero) waits at the \(place) until \(time). \(heroPronoun) sits on \(seat) and watches the door.",
            qa: QAPair(question: "Where does \(hero) wait until \(time)?", answer: "At the \(place), on \(seat).",
                       type: .where))
    }

    /// The hero hides the prop, for a reason.
    mutating func hide(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place, prop = scene.prop
        let reason = rng.pick(["nobody must know about it yet", "it could lead others to \(object)",
                               "\(StoryText.pronouns(for: self.hero).subject) cannot carry it any further"])
        return Passage(
            content: "At the \(place), \(hero) hides \(prop) behind \(scene.spot) because \(reason).",
            qa: QAPair(question: "Why does \(hero) hide \(prop) at the \(place)?", answer: "Because \(reason).",
                       type: .why))
    }

    /// The hero repairs the prop with a tool.
    mutating func repair(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place, prop = scene.prop
        let tool = rng.pick(StoryVocabulary.tools)
        return Passage(
            content: "At the \(place), \(hero) repairs \(prop) with \(tool). It takes a long time, but "
                + "\(StoryText.pronouns(for: self.hero).subject) does not give up.",
            qa: QAPair(question: "How does \(hero) repair \(prop)?", answer: "\(heroPronoun) repairs it with \(tool).",
                       type: .how))
    }

    /// The hero and `other` walk to the place for a purpose and are interrupted.
    mutating func walkTogether(with other: StoryCharacter, _ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place
        let purpose = rng.pick(["look for \(object)", "meet an old friend", "see what happened there"])
        let interruption = rng.pick(StoryVocabulary.interruptions)
        return Passage(
            content: "\(hero) and \(other.name) walk to the \(place) to \(purpose). They stop when \(interruption).",
            qa: QAPair(question: "Why do \(hero) and \(other.name) walk to the \(place)?", answer: "To \(purpose).",
                       type: .why))
    }

    /// The hero hugs `other`, for a reason.
    mutating func hug(_ other: StoryCharacter, _ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place
        let reason = rng.pick(["they are both safe for now", "they found each other again",
                               "the news is better than they feared"])
        return Passage(
            content: "At the \(place), \(hero) hugs \(other.name) because \(reason).",
            qa: QAPair(question: "Why does \(hero) hug \(other.name) at the \(place)?", answer: "Because \(reason).",
                       type: .why))
    }

    /// The hero squats to study the prop and finds a mark.
    func study(_ scene: Scene) -> Passage {
        let hero = hero.name, place = scene.place, prop = scene.prop
        return Passage(
            content: "\(hero) squats at the \(place) to study \(prop). \(heroPronoun) finds a mark that nobody noticed "
                + "before.",
            qa: QAPair(question: "What does \(hero) find when studying \(prop)?",
                       answer: "\(heroPronoun) finds a mark that nobody noticed before.", type: .what))
    }
}
