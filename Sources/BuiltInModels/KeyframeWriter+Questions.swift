import Models
import Foundation

extension KeyframeWriter {
    /// The kinds of question a tinystory's event answers.
    enum QuestionKind: CaseIterable {
        case whyFeeling, whyOther, how, whatNext, whatOther, whereAct

        /// How often each is asked second, when the tinystory states what it needs.
        var weight: Double {
            switch self {
            case .whyFeeling: return 0.25
            case .whyOther: return 0.2
            case .how: return 0.27
            case .whatNext: return 0.09
            case .whatOther: return 0.06
            case .whereAct: return 0.13
            }
        }
    }

    /// Two QA pairs asked from the tinystory's own text: why the act is done, then one of the other kinds its text
    /// states. An event that was not read from the text gets questions about what the frames show instead.
    mutating func questions(about plans: [KeyframePlan]) -> [QAPair] {
        guard stated else { return [whatFrameQuestion(about: plans), howFrameQuestion(about: plans)] }
        let e = event
        let first = QAPair(question: "Why does \(e.actor.name) \(e.named.base)?", answer: "Because \(e.reason).", type: .why)
        let kinds = QuestionKind.allCases.filter(available)
        // Alone, the actor's feeling and what follows take the other character's share.
        let alone = !available(.whyOther)
        let weights = kinds.map { kind -> Double in
            switch kind {
            case .whyFeeling where alone: return kind.weight + QuestionKind.whyOther.weight
            case .whatNext where alone: return kind.weight + QuestionKind.whatOther.weight
            default: return kind.weight
            }
        }
        let kind = kinds[rng.weightedIndex(weights)]
        return [first, question(kind)]
    }

    /// Whether the text states what a kind of question needs.
    func available(_ kind: QuestionKind) -> Bool {
        switch kind {
        case .whyFeeling: return event.feelingStated
        case .whyOther, .whatOther: return event.other != nil && event.side != nil && event.motive != nil
        case .how: return event.meansStated
        case .whatNext: return event.consequenceStated
        case .whereAct: return true
        }
    }

    func question(_ kind: QuestionKind) -> QAPair {
        let e = event
        let actor = e.actor.name, short = e.namedShort
        let pronoun = StoryText.pronouns(for: e.actor).subject
        switch kind {
        case .whyFeeling:
            let doer = e.feeler == e.actor ? pronoun : actor
            return QAPair(question: "Why is \(e.feeler.name) \(e.feelingWords.adjective) at the \(e.place) while \(doer) \(short.third)?",
                          answer: "Because \(e.feelingCause).", type: .why)
        case .whyOther:
            return QAPair(question: "Why does \(e.other?.name ?? "") \(e.side?.base ?? "") at the \(e.place) while \(actor) \(short.third)?",
                          answer: "Because \(e.motive ?? "").", type: .why)
        case .how:
            return QAPair(question: "How does \(actor) \(short.base) at the \(e.place)?",
                          answer: "\(StoryText.cap(pronoun)) \(e.means.third).", type: .how)
        case .whatNext:
            return QAPair(question: "What happens at the \(e.place) after \(actor) \(short.third)?",
                          answer: "\(StoryText.cap(e.consequence)).", type: .what)
        case .whatOther:
            let other = e.other.map { StoryText.cap(StoryText.pronouns(for: $0).subject) } ?? ""
            return QAPair(question: "What does \(e.other?.name ?? "") do at the \(e.place) while \(actor) \(short.third)?",
                          answer: "\(other) \(e.side?.third ?? "").", type: .what)
        case .whereAct:
            let meanwhile = e.other.flatMap { other in e.side.map { " while \(other.name) \($0.third)" } } ?? ""
            return QAPair(question: "Where does \(actor) \(short.base)\(meanwhile)?", answer: "At the \(e.place), by \(e.spot).",
                          type: .where)
        }
    }

    /// What the first holding actor holds, else what the middle frame's actor is doing.
    func whatFrameQuestion(about plans: [KeyframePlan]) -> QAPair {
        let middle = plans.first { $0.pose == .hold } ?? plans[plans.count / 2]
        let subject = StoryText.cap(StoryText.pronouns(for: middle.actor).subject)
        return QAPair(question: "What is \(middle.actor.name) doing at the \(event.place) with \(StoryText.article(middle.expression.rawValue)) "
                          + "\(middle.expression.rawValue) face?", answer: "\(subject) is \(middle.phrase).", type: .what)
    }

    /// How the last frame's actor feels while doing what they do.
    func howFrameQuestion(about plans: [KeyframePlan]) -> QAPair {
        let last = plans[plans.count - 1]
        return QAPair(question: "How does \(last.actor.name) feel while \(last.phrase) at the \(event.place)?",
                      answer: "With \(StoryText.article(last.expression.rawValue)) \(last.expression.rawValue) face.", type: .how)
    }
}
