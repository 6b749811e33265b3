import Models
import Foundation

/// Writes one tinystory's level-3 keyframes from its event (``TinyEvent``, read from the tinystory's text): plans each
/// frame (who acts, in which pose, doing what, with which face) beat by beat, writes the plans out in the paper's
/// description form with a dialogue line tied to the event after about 6 of 11 frames, and asks two QA pairs.
struct KeyframeWriter {
    /// The event the frames show.
    let event: TinyEvent
    /// Whether the event was read from the tinystory's text (else it was drawn, and the questions ask about frames).
    let stated: Bool
    var rng: SeededGenerator
    /// Something to sit on, the same through the tinystory.
    let seat: String

    init(event: TinyEvent, stated: Bool, rng: SeededGenerator) {
        self.event = event
        self.stated = stated
        var rng = rng
        seat = rng.pick(StoryVocabulary.seats)
        self.rng = rng
    }

    /// Plans `count` frames, each description different from the others of the tinystory.
    mutating func plan(count: Int) -> [KeyframePlan] {
        var plans: [KeyframePlan] = []
        var seen = Set<String>()
        var hugged = false
        for beat in KeyframeBeat.beats(count: count) {
            var plan = frame(beat, hugged: hugged)
            for _ in 0..<8 where seen.contains(plan.key) { plan = frame(beat, hugged: hugged) }
            var faces = FacialExpression.allCases.makeIterator()
            while seen.contains(plan.key), let face = faces.next() { plan.expression = face }
            seen.insert(plan.key)
            hugged = hugged || plan.pose == .hug
            plans.append(plan)
        }
        return plans
    }

    /// The planned frames in the paper's description form, with a dialogue line after evenly spread frames.
    mutating func keyframes(for plans: [KeyframePlan], styleKeyword: String) -> [Keyframe] {
        let count = plans.count
        let dialogueCount = count >= 2 ? max(1, Int((Double(count) * 6 / 11).rounded())) : 0
        let dialogueFrames = (0..<dialogueCount).map { Int((Double($0) + 0.5) * Double(count) / Double(dialogueCount)) }
        let lines = dialogue(count: dialogueCount)
        return plans.enumerated().map { i, plan in
            let description = "generate an image in \(styleKeyword) style: at the \(event.place), "
                + "\(plan.actor.appearance) is \(plan.phrase), with \(StoryText.article(plan.expression.rawValue)) "
                + "\(plan.expression.rawValue) face"
            let line = dialogueFrames.firstIndex(of: i).map { lines[$0] }
            return Keyframe(description: description, location: event.place,
                            characters: [plan.actor.name] + (plan.other.map { [$0.name] } ?? []),
                            verb: plan.pose.rawValue, expression: plan.expression.rawValue, dialogue: line)
        }
    }

    /// The event's act with the other character as their appearance and the object as `object`.
    func act(_ template: VerbPhrase, object: String? = nil) -> VerbPhrase {
        template.fill(["O": object ?? event.object, "S": event.spot, "B": event.other?.appearance ?? "someone"])
    }

    /// The face of a frame about the act: the act's usual one more often than not.
    mutating func actFace() -> FacialExpression {
        rng.chance(0.55) ? event.act.mood : rng.pick(FacialExpression.allCases)
    }
}
