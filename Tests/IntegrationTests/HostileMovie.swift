import BuiltInModels
import Foundation
import Models
import Pipeline
import TestSupport

/// A movie of ``HostileStoryModel`` left on disk exactly as the stages leave one — built with the same steps
/// (``NextMessages`` requests, ``StoryAssembler``, the built-in renderer, ``QAValidator``, ``MovieRecord``) — and
/// exported (``DatasetExporter``: dataset, card, gallery), without a broker or Redis.
enum HostileMovie {
    /// Writes the movie under `layout` and exports its run; returns the movie.
    static func export(layout: OutputLayout, branching: Branching = Branching(substories: 2, tinystories: 2, keyframes: 2))
        async throws -> MovieRef {
        let run = RunRecord(runId: TestPaths.unique("hostile"), movies: 1, seed: 3, branching: branching, themes: [HostileText.script],
                            width: 64, height: 36, styleImages: nil, createdAt: Date().timeIntervalSince1970)
        let model = HostileStoryModel()
        guard case .writePlot(let writePlot) = NextMessages.writePlot(run: run, movieId: RunSubmitter.movieId(0), index: 0).body else {
            throw StageError.permanent("not a write-plot")
        }
        let movie = writePlot.movie
        let plot = try await model.writePlot(PlotRequest(seed: writePlot.seed, theme: writePlot.theme,
                                                         substoryCount: branching.substories))
        var substories: [SubstoryExpansion] = [], tinystories: [[TinystoryExpansion]] = []
        for envelope in NextMessages.expandSubstories(writePlot, plot: plot) {
            guard case .expandSubstory(let message) = envelope.body else { continue }
            let expansion = try await model.expandSubstory(message.request)
            substories.append(expansion)
            var level3: [TinystoryExpansion] = []
            for next in NextMessages.expandTinystories(message, expansion: expansion) {
                guard case .expandTinystory(let tiny) = next.body else { continue }
                level3.append(try await model.expandTinystory(tiny.request))
            }
            tinystories.append(level3)
        }
        let story = StoryAssembler.assemble(movie: movie, plot: plot, substories: substories, tinystories: tinystories,
                                            seed: writePlot.seed, branching: branching)
        try AtomicFile.writeJSON(story, to: layout.story(movie))
        let style = StyleEmbedding(styleId: "hostile-style", keyword: plot.style.keyword, vector: Array(repeating: 0.25, count: 32),
                                   lossCurve: [1], learner: "test")
        for envelope in NextMessages.renderFrames(movie, story: story, styleId: style.styleId, run: run) {
            guard case .renderFrame(let frame) = envelope.body else { continue }
            let png = try BuiltInImageModel().renderPNG(RenderRequest(prompt: frame.prompt, hints: frame.hints, style: style,
                                                                      seed: frame.seed, width: frame.width, height: frame.height))
            try AtomicFile.write(png, to: layout.frame(movie, index: frame.index))
        }
        let record = MovieRecord(movie: movie, story: story, verdicts: QAValidator().validate(story))
        try AtomicFile.writeJSON(record, to: layout.record(movie))
        try DatasetExporter(layout: layout).exportUntilStable(runId: run.runId, run: run)
        return movie
    }
}
