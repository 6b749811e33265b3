import Models
import Foundation

extension BuiltInStoryModel {
    /// Level 3, synchronously: keyframes in the paper's description form (names replaced by appearances, verbs from
    /// the paper's set, an expression), dialogue on about 6 of 11 frames, and exactly two QA pairs.
    public func tinystoryExpansion(_ request: TinystoryRequest) throws -> TinystoryExpansion {
        let count = request.keyframeCount
        guard (1...64).contains(count) else { throw ModelError.permanent("keyframeCount \(count) is outside 1...64") }
        guard let firstCharacter = request.movie.characters.first else {
            throw ModelError.permanent("the movie has no characters")
        }
        let tiny = request.tinystory
        var rng = SeededGenerator(seed: request.seed, labels: ["tinystory", request.movie.title, String(tiny.index),
                                                               tiny.content])
        let present = StoryText.mentioned(request.movie.characters, in: tiny.content)
        let cues = KeyframeCues(tinystory: tiny, movie: request.movie, rng: &rng)
        var writer = KeyframeWriter(hero: present.first ?? firstCharacter, other: present.dropFirst().first, cues: cues,
                                    rng: rng)
        let plans = writer.plan(count: count)
        let keyframes = writer.keyframes(for: plans, styleKeyword: request.movie.style.keyword)
        return TinystoryExpansion(keyframes: keyframes, qa: writer.questions(about: plans))
    }
}
