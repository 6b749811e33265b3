import Models
import Imaging
import DreamFrameCore
import Foundation

extension BuiltInStoryModel {
    /// Level 2, synchronously: `tinystoryCount` tinystories at the substory's scene locations, plus one QA pair asked
    /// from one of them.
    public func substoryExpansion(_ request: SubstoryRequest) throws -> SubstoryExpansion {
        guard (1...64).contains(request.tinystoryCount) else {
            throw ModelError.permanent("tinystoryCount \(request.tinystoryCount) is outside 1...64")
        }
        guard let firstCharacter = request.movie.characters.first else {
            throw ModelError.permanent("the movie has no characters")
        }
        var rng = SeededGenerator(seed: request.seed, labels: ["substory", request.movie.title, String(request.substory.index),
                                                               request.substory.content])
        let sub = request.substory
        let present = StoryText.mentioned(request.movie.characters, in: sub.content)
        let hero = present.first ?? firstCharacter
        let other = present.dropFirst().first ?? request.movie.characters.first { $0.name != hero.name }
        let scene = sub.scene.isEmpty ? [request.movie.locations.first ?? "village square"] : sub.scene
        let object = StoryVocabulary.mentionedObject(in: sub.content) ?? rng.pick(StoryVocabulary.props)
        var writer = TinystoryWriter(hero: hero, other: other, object: object, rng: rng)
        var pieces: [(Tinystory, QAPair)] = []
        let count = request.tinystoryCount
        var used: [TinystoryTemplate] = []
        for i in 0..<count {
            // The scene's places in order, each for an equal share of the tinystories.
            let location = scene[min(scene.count - 1, i * scene.count / count)]
            let (passage, template) = writer.write(at: location, avoid: used)
            used.append(template)
            var content = passage.content
            if i == 0 { content = "It begins at the \(location). " + content }
            if i == count - 1 && count > 1 { content += " By the end, \(hero.name) is ready for what comes next." }
            pieces.append((Tinystory(index: i, location: location, content: content), passage.qa))
        }
        rng = writer.rng
        // Prefer a why question, as the paper's data does.
        let whys = pieces.filter { $0.1.type == .why }
        let chosen = (!whys.isEmpty && rng.chance(0.6)) ? rng.pick(whys).1 : rng.pick(pieces).1
        return SubstoryExpansion(tinystories: pieces.map(\.0), qa: chosen)
    }
}
