import Models
import Imaging
import DreamFrameCore
import Foundation

extension BuiltInStoryModel {
    /// Level 3, synchronously: keyframes in the paper's description form (names replaced by appearances, verbs from
    /// the paper's set, an expression), dialogue on about 6 of 11 frames, and exactly two QA pairs.
    public func tinystoryExpansion(_ request: TinystoryRequest) throws -> TinystoryExpansion {
        let k = request.keyframeCount
        guard (1...64).contains(k) else { throw ModelError.permanent("keyframeCount \(k) is outside 1...64") }
        guard !request.movie.characters.isEmpty else { throw ModelError.permanent("the movie has no characters") }
        let tiny = request.tinystory
        var rng = SeededGenerator(seed: request.seed, labels: ["tinystory", request.movie.title, String(tiny.index),
                                                               tiny.content])
        let present = StoryText.mentioned(request.movie.characters, in: tiny.content)
        let hero = present.first ?? request.movie.characters[0]
        let other = present.dropFirst().first
        let text = tiny.content.lowercased()
        let prop = StoryVocabulary.props.first { text.contains($0) } ?? StoryVocabulary.mentionedObject(in: tiny.content)
            ?? rng.pick(StoryVocabulary.props)
        let spot = StoryVocabulary.spots.first { text.contains($0) } ?? rng.pick(StoryVocabulary.spots)
        let seat = StoryVocabulary.seats.first { text.contains($0) } ?? rng.pick(StoryVocabulary.seats)
        let mood: String
        if text.contains("hugs") || text.contains("safe") { mood = "tender" }
        else if text.contains("warns") { mood = "worried" }
        else if text.contains("hides") { mood = "fearful" }
        else if text.contains("repairs") || text.contains("finally") { mood = "determined" }
        else if text.contains("waits") || text.contains("study") { mood = "thoughtful" }
        else { mood = rng.pick(FrameScene.expressions) }
        let L = tiny.location.isEmpty ? (request.movie.locations.first ?? "square") : tiny.location

        var plans: [KeyframePlan] = []
        var last: FigurePose?
        var hugged = false
        for i in 0..<k {
            let swap = other != nil && rng.chance(0.3)
            let actor = swap ? other! : hero
            let partner: StoryCharacter? = swap ? hero : other
            var options: [FigurePose] = i == 0 ? [.walk, .stand] : [.stand, .look, .hold, .talk, .sit, .squat, .walk]
            if partner != nil && !hugged && i >= k / 2 && i > 0 { options.append(.hug) }
            if options.count > 1 { options.removeAll { $0 == last } }
            let verb = rng.pick(options)
            if verb == .hug { hugged = true }
            last = verb
            let r = StoryText.pronouns(for: actor)
            let phrase: String
            switch verb {
            case .stand: phrase = partner.map { "standing beside \($0.appearance)" } ?? "standing near \(spot)"
            case .walk: phrase = rng.chance(0.5) ? "walking across the \(L)" : "walking toward \(spot)"
            case .look: phrase = partner.map { rng.chance(0.5) ? "looking at \($0.appearance)" : "looking at \(prop)" } ?? "looking at \(prop)"
            case .talk: phrase = partner.map { "talking with \($0.appearance)" } ?? "talking quietly to \(r.reflexive)"
            case .hold: phrase = "holding \(prop)"
            case .sit: phrase = "sitting on \(seat)"
            case .squat: phrase = "squatting beside \(spot)"
            case .hug: phrase = "hugging \(partner!.appearance)"
            }
            let expression = rng.chance(0.6) ? mood : rng.pick(FrameScene.expressions)
            let shown = partner.flatMap { phrase.contains($0.appearance) ? $0 : nil }
            plans.append(KeyframePlan(actor: actor, other: shown,
                                      verb: verb, phrase: phrase, expression: expression))
        }
        let dialogueCount = k >= 2 ? max(1, Int((Double(k) * 6 / 11).rounded())) : 0
        let dialogueFrames = Set((0..<dialogueCount).map { Int((Double($0) + 0.5) * Double(k) / Double(dialogueCount)) })
        let keyword = request.movie.style.keyword
        let frames: [Keyframe] = plans.enumerated().map { i, p in
            let description = "generate an image in \(keyword) style: at the \(L), \(p.actor.appearance) is \(p.phrase), with \(StoryText.article(p.expression)) \(p.expression) face"
            var line: String?
            if dialogueFrames.contains(i) {
                let lines = DialogueLines.byExpression[p.expression] ?? ["We should keep going."]
                line = rng.chance(0.25) ? "Keep \(prop) safe, whatever happens." : rng.pick(lines)
            }
            return Keyframe(description: description, location: L,
                            characters: [p.actor.name] + (p.other.map { [$0.name] } ?? []),
                            verb: p.verb.rawValue, expression: p.expression, dialogue: line)
        }
        return TinystoryExpansion(keyframes: frames, qa: Self.frameQA(plans, location: L, prop: prop, seat: seat, spot: spot))
    }

    /// Two QA pairs asked from the planned frames.
    static func frameQA(_ plans: [KeyframePlan], location L: String, prop: String, seat: String, spot: String) -> [QAPair] {
        var out: [QAPair] = []
        if let h = plans.first(where: { $0.verb == .hold }) {
            let S = StoryText.cap(StoryText.pronouns(for: h.actor).subject)
            out.append(QAPair(question: "What is \(h.actor.name) holding at the \(L)?", answer: "\(S) is holding \(prop).", type: .what))
        } else {
            let f = plans[plans.count / 2]
            let S = StoryText.cap(StoryText.pronouns(for: f.actor).subject)
            out.append(QAPair(question: "What is \(f.actor.name) doing at the \(L) with \(StoryText.article(f.expression)) \(f.expression) face?",
                              answer: "\(S) is \(f.phrase).", type: .what))
        }
        if let s = plans.first(where: { $0.verb == .sit }) {
            out.append(QAPair(question: "Where does \(s.actor.name) sit down at the \(L)?", answer: "On \(seat).", type: .where))
        } else if let s = plans.first(where: { $0.verb == .squat }) {
            out.append(QAPair(question: "Where does \(s.actor.name) squat at the \(L)?", answer: "Beside \(spot).", type: .where))
        } else {
            let f = plans[plans.count - 1]
            // Anchored on the frame's own action, so the question is specific to this moment of the movie.
            out.append(QAPair(question: "How does \(f.actor.name) feel while \(f.phrase) at the \(L)?",
                              answer: "With \(StoryText.article(f.expression)) \(f.expression) face.", type: .how))
        }
        return out
    }
}
