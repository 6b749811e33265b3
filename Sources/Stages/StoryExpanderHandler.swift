import Pipeline
import Models
import DreamFrameCore
import Foundation

/// Levels 2 and 3, each call its own message so a crash loses at most one call's work. The message that completes a
/// movie's last tinystory (an atomic fan-in in Redis) assembles `story.json` and asks for the movie's style.
public struct StoryExpanderHandler: StageHandler {
    public let stage = Stage.storyExpander
    let model: any StoryModel

    /// A handler that expands stories with `model`.
    public init(model: any StoryModel) {
        self.model = model
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        switch envelope.body {
        case .expandSubstory(let message): return try await expand(message, context: context)
        case .expandTinystory(let message): return try await expand(message, id: envelope.id, context: context)
        default: throw StageError.permanent("story-expander cannot handle \(envelope.kind.rawValue)")
        }
    }

    /// Level 2: one substory into tinystories, then one level-3 message per tinystory.
    private func expand(_ message: ExpandSubstory, context: StageContext) async throws -> [Envelope] {
        let movie = message.movie
        let request = message.request
        let s = request.substory.index
        let expansion = try await context.state.commitOnce(.substory(s), movie: movie) {
            try await model.expandSubstory(request)
        }
        guard expansion.tinystories.count == request.tinystoryCount else {
            throw StageError.permanent("substory \(s): the story model wrote \(expansion.tinystories.count) tinystories, \(request.tinystoryCount) were asked")
        }
        return NextMessages.expandTinystories(message, expansion: expansion)
    }

    /// Level 3: one tinystory into keyframes, dialogue and QA; the last one of the movie assembles the story.
    private func expand(_ message: ExpandTinystory, id: String, context: StageContext) async throws -> [Envelope] {
        let movie = message.movie
        let request = message.request
        let branching = message.branching
        let s = message.substoryIndex, t = request.tinystory.index
        let expansion = try await context.state.commitOnce(.tinystory(s, t), movie: movie) {
            try await model.expandTinystory(request)
        }
        guard expansion.keyframes.count == request.keyframeCount else {
            throw StageError.permanent("tinystory \(s)/\(t): the story model wrote \(expansion.keyframes.count) keyframes, \(request.keyframeCount) were asked")
        }
        // The last step: unless this tinystory completes the movie, the mark also finishes the message.
        let won = try await context.markFanIn(.storyExpander, index: s * branching.tinystories + t,
                                              expected: branching.tinystoriesPerMovie, movie: movie, claimant: id)
        guard won else { return [] }
        return [try await assemble(message, context: context)]
    }

    /// Writes `story.json` from every committed result and returns the movie's style request.
    private func assemble(_ message: ExpandTinystory, context: StageContext) async throws -> Envelope {
        let movie = message.movie
        let branching = message.branching
        guard let plot = try await context.state.result(MoviePlot.self, key: .plot, movie: movie) else {
            guard try await context.state.isProgressMarked(.plotWriter, index: 0, movie: movie) else {
                // Not a lost write: no plot was ever written, so this message was not expanded from one.
                throw StageError.permanent("the plot of \(movie) was never written (the plot writer never marked it), "
                                           + "so tinystory \(message.substoryIndex)/\(message.request.tinystory.index) cannot be part of it")
            }
            throw StageError.transient("the plot of \(movie) is not in Redis")
        }
        guard plot.substories.count == branching.substories else {
            throw StageError.permanent("the plot of \(movie) has \(plot.substories.count) substories; branching \(branching) has \(branching.substories)")
        }
        let substoryResults = try await context.state.results(SubstoryExpansion.self,
                                                              keys: (0..<branching.substories).map { .substory($0) },
                                                              movie: movie)
        let tinystoryKeys = (0..<branching.substories).flatMap { s in
            (0..<branching.tinystories).map { ExpansionKey.tinystory(s, $0) }
        }
        let tinystoryResults = try await context.state.results(TinystoryExpansion.self, keys: tinystoryKeys, movie: movie)
        let substories = substoryResults.compactMap { $0 }
        let tinystories = tinystoryResults.compactMap { $0 }
        guard substories.count == substoryResults.count, tinystories.count == tinystoryResults.count else {
            throw StageError.transient("expansion results of \(movie) are incomplete")
        }
        let grouped = (0..<branching.substories).map { s in
            Array(tinystories[(s * branching.tinystories)..<((s + 1) * branching.tinystories)])
        }
        let story = StoryAssembler.assemble(movie: movie, plot: plot, substories: substories,
                                            tinystories: grouped, seed: message.movieSeed, branching: branching)
        try AtomicFile.writeJSON(story, to: context.layout.story(movie))
        try await context.state.setState(movie, .styling, [.frames: String(story.frameDescriptions.count),
                                                           .qaWritten: String(story.qa.count)])
        context.logger.info("story assembled", metadata: [
            "movie": "\(movie)", "frames": "\(story.frameDescriptions.count)", "qa": "\(story.qa.count)",
        ])
        let run = try await context.state.run(movie.runId)
        return NextMessages.learnStyle(movie, style: plot.style, referenceImages: run?.styleImages)
    }
}
