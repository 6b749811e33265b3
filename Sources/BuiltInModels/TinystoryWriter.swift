import Models
import Imaging
import DreamFrameCore
import Foundation

/// Writes level-2 tinystories: small concrete events at one location, each with a QA pair asked from its own text.
struct TinystoryWriter {
    let hero: StoryCharacter
    let other: StoryCharacter?
    let object: String
    var rng: SeededGenerator

    init(hero: StoryCharacter, other: StoryCharacter?, object: String, rng: SeededGenerator) {
        self.hero = hero
        self.other = other
        self.object = object
        self.rng = rng
    }

    /// One tinystory; returns (content, qa, template number). Templates in `avoid` are skipped when possible.
    mutating func write(location L: String, avoid: [Int]) -> (String, QAPair, Int) {
        let templates = other == nil ? [0, 1, 2, 3, 4, 7] : [0, 1, 2, 3, 4, 5, 6, 7]
        let fresh = templates.filter { !avoid.suffix(3).contains($0) }
        let kind = rng.pick(fresh.isEmpty ? templates : fresh)
        let A = hero.name, p = StoryText.pronouns(for: hero), S = StoryText.cap(p.subject)
        let P = rng.pick(StoryVocabulary.props), spot = rng.pick(StoryVocabulary.spots)
        switch kind {
        case 0:
            return ("\(A) arrives at the \(L) and looks around for \(object). \(S) notices \(P) near \(spot).",
                    QAPair(question: "What does \(A) notice at the \(L)?", answer: "\(S) notices \(P) near \(spot).", type: .what), kind)
        case 1:
            let warning = rng.pick(StoryVocabulary.warnings)
            guard let b = other else {
                return ("At the \(L), \(A) talks with a stranger about \(object). The stranger warns that \(warning).",
                        QAPair(question: "What warning does the stranger give \(A) at the \(L)?", answer: "The stranger warns that \(warning).", type: .what), kind)
            }
            return ("\(A) talks with \(b.name) at the \(L) about \(object). \(b.name) warns that \(warning).",
                    QAPair(question: "What warning does \(b.name) give at the \(L)?", answer: "\(b.name) warns that \(warning).", type: .what), kind)
        case 2:
            let time = rng.pick(StoryVocabulary.times), seat = rng.pick(StoryVocabulary.seats)
            return ("\(A) waits at the \(L) until \(time). \(S) sits on \(seat) and watches the door.",
                    QAPair(question: "Where does \(A) wait until \(time)?", answer: "At the \(L), on \(seat).", type: .where), kind)
        case 3:
            let reason = rng.pick(["nobody must know about it yet", "it could lead others to \(object)", "\(p.subject) cannot carry it any further"])
            return ("At the \(L), \(A) hides \(P) behind \(spot) because \(reason).",
                    QAPair(question: "Why does \(A) hide \(P) at the \(L)?", answer: "Because \(reason).", type: .why), kind)
        case 4:
            let tool = rng.pick(StoryVocabulary.tools)
            return ("At the \(L), \(A) repairs \(P) with \(tool). It takes a long time, but \(p.subject) does not give up.",
                    QAPair(question: "How does \(A) repair \(P)?", answer: "\(S) repairs it with \(tool).", type: .how), kind)
        case 5:
            let b = other!
            let purpose = rng.pick(["look for \(object)", "meet an old friend", "see what happened there"])
            return ("\(A) and \(b.name) walk to the \(L) to \(purpose). They stop when \(rng.pick(StoryVocabulary.interruptions)).",
                    QAPair(question: "Why do \(A) and \(b.name) walk to the \(L)?", answer: "To \(purpose).", type: .why), kind)
        case 6:
            let b = other!
            let reason = rng.pick(["they are both safe for now", "they found each other again", "the news is better than they feared"])
            return ("At the \(L), \(A) hugs \(b.name) because \(reason).",
                    QAPair(question: "Why does \(A) hug \(b.name) at the \(L)?", answer: "Because \(reason).", type: .why), kind)
        default:
            return ("\(A) squats at the \(L) to study \(P). \(S) finds a mark that nobody noticed before.",
                    QAPair(question: "What does \(A) find when studying \(P)?", answer: "\(S) finds a mark that nobody noticed before.", type: .what), kind)
        }
    }
}
