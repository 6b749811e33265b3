import Models
import Foundation

extension KeyframeWriter {
    /// One frame for `beat`, its details drawn (a hug at most once per tinystory: `hugged`).
    mutating func frame(_ beat: KeyframeBeat, hugged: Bool) -> KeyframePlan {
        let e = event
        switch beat {
        case .arrive:
            let pose: FigurePose = rng.chance(0.6) ? .walk : .stand
            let phrase = pose == .walk
                ? rng.pick(["walking into the \(e.place) toward \(e.spot) with \(e.object)",
                            "walking across the \(e.place) with \(e.object), looking for \(e.spot)"])
                : rng.pick(["standing in the doorway of the \(e.place) with \(e.object) in hand",
                            "standing near \(e.spot), looking around the \(e.place)"])
            return plan(e.actor, pose, phrase, actFace())
        case .act:
            return actFrame(hugged: hugged)
        case .means:
            guard stated, e.meansStated, e.act.means.contains(e.means) else { return actFrame(hugged: hugged) }
            let pose = rng.pick(e.act.poses.filter { $0 != .hug && $0 != .talk })
            return plan(e.actor, pose, "\(lead(pose)), \(e.means.ing)", actFace())
        case .side:
            guard let other = e.other, let side = e.side, let pose = e.sidePose, side.ing != side.third else {
                return actFrame(hugged: hugged)
            }
            let tail = rng.pick(["", " while \(e.actor.appearance) is busy", ", close to \(e.spot)"])
            let face = e.feeler == other ? e.feelingWords.expression
                : rng.pick([FacialExpression.calm, .determined, .worried, .thoughtful])
            return plan(other, pose, side.ing + tail, face, shows: tail.contains(e.actor.appearance) ? e.actor : nil)
        case .feel:
            return feelFrame(hugged: hugged)
        case .after:
            let pose: FigurePose = rng.chance(0.7) ? .walk : .stand
            let phrase = pose == .walk
                ? rng.pick(["walking away from \(e.spot) with \(e.object)", "walking toward the door of the \(e.place), leaving \(e.spot) behind"])
                : rng.pick(["standing by the door of the \(e.place), looking back at \(e.spot)", "standing still beside \(e.spot), \(e.object) put away"])
            return plan(e.actor, pose, phrase, actFace())
        }
    }

    /// A frame of the act itself, in one of the act's poses.
    mutating func actFrame(hugged: Bool) -> KeyframePlan {
        let e = event
        let poses = e.act.poses.filter { ($0 != .hug || !hugged) && ($0 != .talk && $0 != .hug || e.other != nil) }
        let pose = rng.pick(poses.isEmpty ? [.hold] : poses)
        let doing = act(e.act.phrase).ing, doingIt = act(e.act.phrase, object: "it")
        let phrase: String
        switch pose {
        case .squat: phrase = rng.pick(["squatting beside \(e.spot), \(doing)", "squatting beside \(e.spot) with \(e.object) in both hands"])
        case .hold: phrase = rng.pick(["holding \(e.object) near \(e.spot)", "holding \(e.object) close, ready to \(doingIt.base)",
                                       "holding \(e.object) up to the light beside \(e.spot)"])
        case .look: phrase = rng.pick(["looking at \(e.object) beside \(e.spot)", "looking around the \(e.place) before \(doingIt.ing)"])
        case .walk: phrase = rng.pick(["walking toward \(e.spot) with \(e.object)", "walking across the \(e.place), \(doing)"])
        case .sit: phrase = rng.pick(["sitting on \(seat) beside \(e.spot) with \(e.object)", "sitting on \(seat), \(doing)"])
        case .stand: phrase = rng.pick(["standing beside \(e.spot) with \(e.object)", "standing over \(e.spot), \(doingIt.ing)"])
        case .talk: phrase = "talking with \(e.other?.appearance ?? "someone") about \(e.object)"
        case .hug: phrase = "hugging \(e.other?.appearance ?? "someone") beside \(e.spot)"
        }
        return plan(e.actor, pose, phrase, actFace(), shows: phrase.contains(e.other?.appearance ?? "\u{0}") ? e.other : nil)
    }

    /// A frame of the feeling: the one who feels, with the other character when there is one.
    mutating func feelFrame(hugged: Bool) -> KeyframePlan {
        let e = event
        let face = e.feelingWords.expression
        let partner = e.feeler == e.actor ? e.other : e.actor
        guard let partner else {
            let phrase = rng.pick(["standing still in the middle of the \(e.place), \(e.object) in hand",
                                   "sitting on \(seat), thinking about \(e.object)", "looking at \(e.spot) for a long moment"])
            return plan(e.feeler, FigurePose(verb: phrase) ?? .stand, phrase, face)
        }
        if face == .tender, !hugged { return plan(e.feeler, .hug, "hugging \(partner.appearance) beside \(e.spot)", face, shows: partner) }
        let phrase = rng.pick(["talking with \(partner.appearance) about \(e.object)",
                               "looking at \(partner.appearance) across \(e.spot)",
                               "standing beside \(partner.appearance) near \(e.spot)"])
        return plan(e.feeler, FigurePose(verb: phrase) ?? .stand, phrase, face, shows: partner)
    }

    /// The opening words of a frame in `pose` before what is being done.
    func lead(_ pose: FigurePose) -> String {
        switch pose {
        case .squat: return "squatting beside \(event.spot)"
        case .hold: return "holding \(event.object)"
        case .sit: return "sitting on \(seat)"
        case .look: return "looking at \(event.object)"
        case .walk: return "walking through the \(event.place)"
        case .stand, .talk, .hug: return "standing by \(event.spot)"
        }
    }

    /// A plan; a comma follows the other character's appearance when more words do, so an image model reading the
    /// description (``FrameScene/init(prompt:)``) ends the appearance there.
    func plan(_ actor: StoryCharacter, _ pose: FigurePose, _ phrase: String, _ face: FacialExpression,
              shows other: StoryCharacter? = nil) -> KeyframePlan {
        var phrase = phrase
        if let other, let range = phrase.range(of: other.appearance), range.upperBound < phrase.endIndex,
           phrase[range.upperBound] == " " {
            phrase.insert(",", at: range.upperBound)
        }
        return KeyframePlan(actor: actor, other: other, pose: pose, phrase: phrase, expression: face)
    }
}
