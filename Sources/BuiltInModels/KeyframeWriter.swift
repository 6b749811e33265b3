import Models
import Foundation

/// Writes one tinystory's level-3 keyframes: plans each frame (who acts, in which pose, doing what, with which face),
/// writes the plans out in the paper's description form with dialogue on about 6 of 11 frames, and asks two QA
/// pairs from the plans.
struct KeyframeWriter {
    /// The character who acts unless the other one takes over.
    let hero: StoryCharacter
    /// A second character the tinystory mentions, if any.
    let other: StoryCharacter?
    /// The place, objects and mood the frames are built around.
    let cues: KeyframeCues
    var rng: SeededGenerator

    /// Plans `count` frames: the first walks in or stands, no pose repeats back to back, and a hug (with a partner)
    /// comes at most once, in the second half.
    mutating func plan(count: Int) -> [KeyframePlan] {
        var plans: [KeyframePlan] = []
        var last: FigurePose?
        var hugged = false
        for i in 0..<count {
            let actor: StoryCharacter, partner: StoryCharacter?
            if let other, rng.chance(0.3) {
                (actor, partner) = (other, hero)
            } else {
                (actor, partner) = (hero, other)
            }
            var options: [FigurePose] = i == 0 ? [.walk, .stand] : [.stand, .look, .hold, .talk, .sit, .squat, .walk]
            if partner != nil && !hugged && i >= count / 2 && i > 0 { options.append(.hug) }
            if options.count > 1 { options.removeAll { $0 == last } }
            let pose = rng.pick(options)
            if pose == .hug { hugged = true }
            last = pose
            let phrase = action(pose, actor: actor, partner: partner)
            let expression = rng.chance(0.6) ? cues.mood : rng.pick(FacialExpression.allCases)
            let shown = partner.flatMap { phrase.contains($0.appearance) ? $0 : nil }
            plans.append(KeyframePlan(actor: actor, other: shown, pose: pose, phrase: phrase, expression: expression))
        }
        return plans
    }

    /// What the actor is doing, as written after "is": "sitting on a low stool", "talking with <partner>".
    mutating func action(_ pose: FigurePose, actor: StoryCharacter, partner: StoryCharacter?) -> String {
        let spot = cues.spot, prop = cues.prop
        switch pose {
        case .stand: return partner.map { "standing beside \($0.appearance)" } ?? "standing near \(spot)"
        case .walk: return rng.chance(0.5) ? "walking across the \(cues.location)" : "walking toward \(spot)"
        case .look:
            guard let partner else { return "looking at \(prop)" }
            return rng.chance(0.5) ? "looking at \(partner.appearance)" : "looking at \(prop)"
        case .talk:
            return partner.map { "talking with \($0.appearance)" }
                ?? "talking quietly to \(StoryText.pronouns(for: actor).reflexive)"
        case .hold: return "holding \(prop)"
        case .sit: return "sitting on \(cues.seat)"
        case .squat: return "squatting beside \(spot)"
        case .hug:
            // A hug is only planned when there is a partner; without one the actor stands instead.
            return partner.map { "hugging \($0.appearance)" } ?? "standing near \(spot)"
        }
    }

    /// The planned frames in the paper's description form, with a dialogue line after evenly spread frames.
    mutating func keyframes(for plans: [KeyframePlan], styleKeyword: String) -> [Keyframe] {
        let count = plans.count
        let dialogueCount = count >= 2 ? max(1, Int((Double(count) * 6 / 11).rounded())) : 0
        let dialogueFrames = Set((0..<dialogueCount).map { Int((Double($0) + 0.5) * Double(count) / Double(dialogueCount)) })
        return plans.enumerated().map { i, plan in
            let description = "generate an image in \(styleKeyword) style: at the \(cues.location), "
                + "\(plan.actor.appearance) is \(plan.phrase), with \(StoryText.article(plan.expression.rawValue)) "
                + "\(plan.expression.rawValue) face"
            var line: String?
            if dialogueFrames.contains(i) {
                line = rng.chance(0.25) ? "Keep \(cues.prop) safe, whatever happens."
                    : rng.pick(DialogueLines.lines(for: plan.expression))
            }
            return Keyframe(description: description, location: cues.location,
                            characters: [plan.actor.name] + (plan.other.map { [$0.name] } ?? []),
                            verb: plan.pose.rawValue, expression: plan.expression.rawValue, dialogue: line)
        }
    }
}
