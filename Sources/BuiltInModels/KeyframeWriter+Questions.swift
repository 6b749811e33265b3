import Models
import Foundation

extension KeyframeWriter {
    /// Two QA pairs asked from the planned frames: what the actor holds (or does), then where someone sits or squats
    /// (or how the last frame's actor feels).
    func questions(about plans: [KeyframePlan]) -> [QAPair] {
        [whatQuestion(about: plans), whereOrHowQuestion(about: plans)]
    }

    /// What the first holding actor holds, else what the middle frame's actor is doing.
    func whatQuestion(about plans: [KeyframePlan]) -> QAPair {
        let place = cues.location
        if let holding = plans.first(where: { $0.pose == .hold }) {
            let subject = StoryText.cap(StoryText.pronouns(for: holding.actor).subject)
            return QAPair(question: "What is \(holding.actor.name) holding at the \(place)?",
                          answer: "\(subject) is holding \(cues.prop).", type: .what)
        }
        let middle = plans[plans.count / 2]
        let subject = StoryText.cap(StoryText.pronouns(for: middle.actor).subject)
        let face = "\(StoryText.article(middle.expression.rawValue)) \(middle.expression.rawValue) face"
        return QAPair(question: "What is \(middle.actor.name) doing at the \(place) with \(face)?",
                      answer: "\(subject) is \(middle.phrase).", type: .what)
    }

    /// Where the first sitting (else squatting) actor does it, else how the last frame's actor feels.
    func whereOrHowQuestion(about plans: [KeyframePlan]) -> QAPair {
        let place = cues.location
        if let sitting = plans.first(where: { $0.pose == .sit }) {
            return QAPair(question: "Where does \(sitting.actor.name) sit down at the \(place)?",
                          answer: "On \(cues.seat).", type: .where)
        }
        if let squatting = plans.first(where: { $0.pose == .squat }) {
            return QAPair(question: "Where does \(squatting.actor.name) squat at the \(place)?",
                          answer: "Beside \(cues.spot).", type: .where)
        }
        let last = plans[plans.count - 1]
        // Anchored on the frame's own action, so the question is specific to this moment of the movie.
        return QAPair(question: "How does \(last.actor.name) feel while \(last.phrase) at the \(place)?",
                      answer: "With \(StoryText.article(last.expression.rawValue)) \(last.expression.rawValue) face.",
                      type: .how)
    }
}
