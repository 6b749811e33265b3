import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes a whole movie in-process through a ``StoryModel`` — the same three levels, requests and assembly as the
/// pipeline, without the broker (for `dreamframe story` and tests).
public struct OfflineStoryWriter: Sendable {
    public let model: any StoryModel

    public init(model: any StoryModel) {
        self.model = model
    }

    public func write(movie: MovieRef, seed: UInt64, theme: String?, branching: Branching) async throws -> StoryDocument {
        let plot = try await model.writePlot(PlotRequest(seed: seed, theme: theme, substoryCount: branching.substories))
        var substories: [SubstoryExpansion] = []
        var tinystories: [[TinystoryExpansion]] = []
        for (s, substory) in plot.substories.enumerated() {
            let subSeed = StableHash.subSeed(seed, "substory", s)
            let level2 = try await model.expandSubstory(SubstoryRequest(seed: subSeed, movie: plot.context,
                                                                        substory: substory, tinystoryCount: branching.tinystories))
            substories.append(level2)
            var level3: [TinystoryExpansion] = []
            for (t, tiny) in level2.tinystories.enumerated() {
                level3.append(try await model.expandTinystory(TinystoryRequest(
                    seed: StableHash.subSeed(subSeed, "tinystory", t), movie: plot.context, substoryContent: substory.content,
                    tinystory: Tinystory(index: t, location: tiny.location, content: tiny.content),
                    keyframeCount: branching.keyframes)))
            }
            tinystories.append(level3)
        }
        return StoryAssembler.assemble(movie: movie, plot: plot, substories: substories, tinystories: tinystories,
                                       seed: seed, branching: branching)
    }
}
