import Models
import Imaging
import DreamFrameCore
import Foundation

/// Writes level-1 substories, one ``StoryBeat`` at a time, from a ``StoryWorld``.
///
/// Each beat states its facts in the content and asks its QA pair from those same facts.
struct BeatWriter {
    let world: StoryWorld
    var rng: SeededGenerator
    private var cursor = 2

    init(world: StoryWorld, rng: SeededGenerator) {
        self.world = world
        self.rng = rng
    }

    /// The hero's ally, if any: the partner, else a supporting character who is not the opponent.
    var ally: StoryCast? {
        if let p = world.partner { return p }
        if let t = world.third, t.name != world.opponent { return t }
        return nil
    }

    private mutating func nextPlace() -> String {
        let places = world.locations
        let place = places[cursor % places.count]
        cursor += 1 + rng.index(2)
        return place
    }

    mutating func substory(_ beat: StoryBeat, index: Int, of total: Int) -> Substory {
        let primary: String
        switch beat {
        case .opening: primary = world.home
        case .climax: primary = world.goalPlace
        default: primary = nextPlace()
        }
        var scene = [primary]
        let needsSecond = beat == .journey || beat == .quarrel
        if needsSecond || rng.chance(0.35) {
            var second = nextPlace()
            if second == primary { second = world.locations.first { $0 != primary }! }
            scene.append(second)
        }
        var (content, qa) = write(beat, scene: scene)
        if scene.count == 2, !content.contains("the \(scene[1])") {
            content += " Later, \(world.hero.name) goes to the \(scene[1])."
        }
        if scene.count == 2, rng.chance(0.3), let third = world.locations.first(where: { !scene.contains($0) && $0 != world.goalPlace }) {
            scene.append(third)
            content += " The day ends at the \(third)."
        }
        return Substory(index: index, scene: scene, content: content, qa: qa)
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private mutating func write(_ beat: StoryBeat, scene: [String]) -> (String, QAPair) {
        let w = world, a = w.hero, A = a.name, L = scene[0], L2 = scene.count > 1 ? scene[1] : w.home
        let S = StoryText.cap(a.subject)
        let team = ally.map { "\(A) and \($0.name)" } ?? A
        let teamSubject = ally == nil ? a.subject : "they"
        let opp = StoryText.cap(w.opponent)
        switch beat {
        case .opening:
            let daily = rng.pick(["works from dawn until dusk", "keeps to a quiet routine", "dreams of a different life", "helps anyone who asks"])
            return ("At the \(L), \(A), \(StoryText.article(a.trade)) \(a.trade), \(daily). \(A) wants to \(w.goal) because \(w.motive).",
                    QAPair(question: "Why does \(A) want to \(w.goal)?", answer: "Because \(w.motive).", type: .why))
        case .inciting:
            return ("At the \(L), \(A) learns that \(w.obstacle). \(S) decides to act before \(w.threat) reaches the \(w.home).",
                    QAPair(question: "What does \(A) learn at the \(L)?", answer: "\(S) learns that \(w.obstacle).", type: .what))
        case .meeting:
            guard let b = ally else {
                return ("\(A) asks strangers at the \(L) for help, but nobody listens. \(S) decides to go on alone.",
                        QAPair(question: "Where does \(A) ask strangers for help?", answer: "At the \(L), but nobody listens.", type: .where))
            }
            let reason = rng.pick(["owes \(A) a favour from years ago", "has lost something to \(w.opponent) too",
                                   "believes \(A) is telling the truth", "wants an adventure away from the \(w.home)"])
            return ("\(A) meets \(b.name), \(StoryText.article(b.trade)) \(b.trade), at the \(L). \(b.name) agrees to help because \(b.subject) \(reason).",
                    QAPair(question: "Why does \(b.name) agree to help \(A)?", answer: "Because \(b.subject) \(reason).", type: .why))
        case .bond:
            guard let b = ally else {
                return ("At the \(L), \(A) sits alone and thinks about \(a.possessive) past and \(w.flaw).",
                        QAPair(question: "What does \(A) think about at the \(L)?", answer: "\(S) thinks about \(a.possessive) past and \(w.flaw).", type: .what))
            }
            return ("At the \(L), \(A) and \(b.name) share a quiet meal and talk about the past. \(b.name) learns that \(A) carries \(w.flaw).",
                    QAPair(question: "What does \(b.name) learn about \(A) at the \(L)?", answer: "\(StoryText.cap(b.subject)) learns that \(A) carries \(w.flaw).", type: .what))
        case .plan:
            let verb = ally == nil ? "plans" : "plan"
            return ("At the \(L), \(team) \(verb) to \(w.method) so that \(teamSubject) can \(w.goal).",
                    QAPair(question: "How \(ally == nil ? "does" : "do") \(team) plan to \(w.goal)?", answer: "\(StoryText.cap(teamSubject)) \(verb) to \(w.method).", type: .how))
        case .journey:
            let verb = ally == nil ? "travels" : "travel"
            let event = rng.pick(StoryVocabulary.interruptions)
            return ("\(team) \(verb) from the \(L) to the \(L2) to search for \(w.treasure). On the way, \(event).",
                    QAPair(question: "Where \(ally == nil ? "does" : "do") \(team) travel to search for \(w.treasure)?",
                           answer: "\(StoryText.cap(teamSubject)) \(verb) from the \(L) to the \(L2).", type: .where))
        case .obstacle:
            return ("At the \(L), \(A) cannot go further because \(w.obstacle). \(S) has to find another way.",
                    QAPair(question: "Why can't \(A) go further at the \(L)?", answer: "Because \(w.obstacle).", type: .why))
        case .discovery:
            return ("In the \(L), \(A) finds \(w.clue). It shows that \(w.revelation).",
                    QAPair(question: "What does \(A) find in the \(L)?", answer: "\(S) finds \(w.clue), which shows that \(w.revelation).", type: .what))
        case .setback:
            return ("At the \(L), \(A)'s plan fails because \(w.opponent) arrives first. \(S) must start again with nothing but \(w.clue).",
                    QAPair(question: "Why does \(A)'s plan fail at the \(L)?", answer: "Because \(w.opponent) arrives first.", type: .why))
        case .quarrel:
            guard let b = ally else { return write(.obstacle, scene: scene) }
            return ("At the \(L), \(A) and \(b.name) argue because \(b.name) thinks the plan is too dangerous. \(b.name) walks away to the \(L2).",
                    QAPair(question: "Why do \(A) and \(b.name) argue at the \(L)?", answer: "Because \(b.name) thinks the plan is too dangerous.", type: .why))
        case .sacrifice:
            let thing = rng.pick(["savings", "place on the last boat", "safe hiding place", "only chance to leave"])
            guard let b = ally else {
                return ("At the \(L), \(A) gives up \(a.possessive) \(thing) to \(w.goal).",
                        QAPair(question: "What does \(A) give up at the \(L)?", answer: "\(S) gives up \(a.possessive) \(thing).", type: .what))
            }
            return ("At the \(L), \(b.name) gives up \(b.possessive) \(thing) so that \(A) can \(w.goal).",
                    QAPair(question: "Why does \(b.name) give up \(b.possessive) \(thing)?", answer: "So that \(A) can \(w.goal).", type: .why))
        case .reunion:
            guard let b = ally else {
                return ("At the \(L), \(A) returns to the people \(a.subject) left behind and asks for their help.",
                        QAPair(question: "Where does \(A) ask for help again?", answer: "At the \(L), from the people \(a.subject) left behind.", type: .where))
            }
            return ("\(A) finds \(b.name) again at the \(L) and apologises. They forgive each other and promise to finish what they started.",
                    QAPair(question: "How do \(A) and \(b.name) make peace at the \(L)?", answer: "\(A) apologises, and they forgive each other.", type: .how))
        case .confession:
            let listener = ally?.name ?? "an old friend"
            return ("At the \(L), \(A) admits \(w.flaw) to \(listener). Saying it aloud makes \(a.object) stronger.",
                    QAPair(question: "What does \(A) admit at the \(L)?", answer: "\(S) admits \(w.flaw) to \(listener).", type: .what))
        case .confrontation:
            let act: String
            switch w.conflict {
            case .antagonist: act = "demands the return of \(w.treasure)"
            case .nature: act = "leads everyone to higher ground"
            case .society: act = "shows the proof of \(a.possessive) innocence"
            case .inner: act = "finally faces \(w.flaw)"
            case .secret: act = "shows everyone \(w.clue)"
            }
            return ("At the \(L), \(A) faces \(w.opponent). \(S) refuses to back down and \(act).",
                    QAPair(question: "How does \(A) face \(w.opponent) at the \(L)?", answer: "\(S) refuses to back down and \(act).", type: .how))
        case .climax:
            let m = StoryText.thirdPerson(w.method)
            return ("At the \(L), \(A) \(m) and finally manages to \(w.goal). \(opp) can do nothing to stop it.",
                    QAPair(question: "How does \(A) finally manage to \(w.goal)?", answer: "\(S) \(m).", type: .how))
        case .resolution:
            return ("Back at the \(L), the people celebrate, and \(A) is finally free of \(w.flaw).",
                    QAPair(question: "Where do the people celebrate at the end?", answer: "They celebrate back at the \(L).", type: .where))
        case .epilogue:
            let act = rng.pick(["teaches a child the work of \(StoryText.article(a.trade)) \(a.trade)", "writes down the whole story", "opens the doors to anyone in need"])
            return ("Months later at the \(L), \(A) \(act).",
                    QAPair(question: "What does \(A) do months later?", answer: "\(S) \(act) at the \(L).", type: .what))
        }
    }
}
