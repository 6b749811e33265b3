import DreamFrameCore
import Foundation
import Models
import Pipeline

/// Level 1: one story-model call per movie, committed once, then one ``ExpandSubstory`` per substory.
public struct PlotWriterHandler: StageHandler {
    public let stage = Stage.plotWriter
    let model: any StoryModel

    /// A handler that writes plots with `model`.
    public init(model: any StoryModel) {
        self.model = model
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        guard case .writePlot(let message) = envelope.body else {
            throw StageError.permanent("plot-writer cannot handle \(envelope.kind.rawValue)")
        }
        let movie = message.movie
        let branching = message.branching
        let plot = try await context.state.commitOnce(.plot, movie: movie) {
            try await model.writePlot(PlotRequest(seed: message.seed, theme: message.theme,
                                                  substoryCount: branching.substories, mixPosition: message.mixPosition))
        }
        guard plot.substories.count == branching.substories else {
            throw StageError.permanent("the story model wrote \(plot.substories.count) substories, \(branching.substories) were asked")
        }
        try await context.state.setState(movie, .expanding, [
            .title: plot.title, .genre: plot.genre, .style: plot.style.keyword,
            .seed: String(message.seed), .branching: branching.description,
            .expectedTinystories: String(branching.tinystoriesPerMovie),
            .expectedFrames: String(branching.framesPerMovie), .plotWrittenAt: String(Date().timeIntervalSince1970),
        ])
        try await context.state.markProgress(.plotWriter, index: 0, movie: movie)
        context.logger.info("plot written", metadata: ["movie": "\(movie)", "title": "\(plot.title)"])
        return NextMessages.expandSubstories(message, plot: plot)
    }
}
