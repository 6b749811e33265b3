import DreamFrameCore
import Foundation
import Models

/// How every follow-up message is built from what the step before it produced, in one place: the stage handlers
/// publish these envelopes, and `dreamframe repair` rebuilds the same ones (byte for byte, same ids) from what is
/// durable when a message's effect was lost.
public enum NextMessages {
    /// Movie `index` (0-based, with id `movieId`) of `run`: its level-1 request.
    public static func writePlot(run: RunRecord, movieId: String, index: Int) -> Envelope {
        let movie = MovieRef(runId: run.runId, movieId: movieId)
        let theme = run.themes.isEmpty ? nil : run.themes[index % run.themes.count]
        return Envelope(id: MessageId.writePlot(movie), movie: movie, body: .writePlot(WritePlot(
            movie: movie, seed: StableHash.subSeed(run.seed, "movie", index), theme: theme, branching: run.branching,
            mixPosition: WritePlot.mixPosition(runSeed: run.seed, index: index))))
    }

    /// The level-2 requests of a written plot, one per substory.
    public static func expandSubstories(_ message: WritePlot, plot: MoviePlot) -> [Envelope] {
        let movie = message.movie
        return plot.substories.enumerated().map { index, substory in
            Envelope(id: MessageId.expandSubstory(movie, substory: index), movie: movie, body: .expandSubstory(ExpandSubstory(
                movie: movie, movieSeed: message.seed, branching: message.branching,
                request: SubstoryRequest(seed: StableHash.subSeed(message.seed, "substory", index), movie: plot.context,
                                         substory: substory, tinystoryCount: message.branching.tinystories))))
        }
    }

    /// The level-3 requests of an expanded substory, one per tinystory.
    public static func expandTinystories(_ message: ExpandSubstory, expansion: SubstoryExpansion) -> [Envelope] {
        let movie = message.movie
        let request = message.request
        let s = request.substory.index
        return expansion.tinystories.enumerated().map { t, tinystory in
            Envelope(id: MessageId.expandTinystory(movie, substory: s, tinystory: t), movie: movie,
                     body: .expandTinystory(ExpandTinystory(
                        movie: movie, movieSeed: message.movieSeed, branching: message.branching, substoryIndex: s,
                        request: TinystoryRequest(seed: StableHash.subSeed(request.seed, "tinystory", t),
                                                  movie: request.movie, substoryContent: request.substory.content,
                                                  tinystory: Tinystory(index: t, location: tinystory.location,
                                                                       content: tinystory.content),
                                                  keyframeCount: message.branching.keyframes))))
        }
    }

    /// The assembled movie's style request (`referenceImages`: the run's reference folder, if any).
    public static func learnStyle(_ movie: MovieRef, style: StyleSpec, referenceImages: String?) -> Envelope {
        Envelope(id: MessageId.learnStyle(movie), movie: movie, body: .learnStyle(LearnStyle(
            movie: movie, style: style, referenceImages: referenceImages)))
    }

    /// A parked movie's next look at its style, sent around the longest delay queue.
    public static func styleRecheck(_ message: LearnStyle) -> Envelope {
        var again = message
        again.recheck = (message.recheck ?? 0) + 1
        return Envelope(id: MessageId.styleRecheck(message.movie, again.recheck ?? 1), movie: message.movie,
                        body: .learnStyle(again))
    }

    /// The wake-up of a movie parked on `styleId`.
    public static func styleReady(_ movie: MovieRef, styleId: String) -> Envelope {
        Envelope(id: MessageId.styleReady(movie), movie: movie, body: .styleReady(StyleReady(movie: movie, styleId: styleId)))
    }

    /// The render fan-out of a movie whose style `styleId` exists: one message per keyframe of `story`, at the
    /// run's frame size (512x288 when the run is unknown).
    public static func renderFrames(_ movie: MovieRef, story: StoryDocument, styleId: String, run: RunRecord?) -> [Envelope] {
        let width = run?.width ?? 512, height = run?.height ?? 288
        let frames = story.frameEntries
        let movieSeed = story.seed ?? 0
        let seeds = run?.frameSeeds ?? .movie
        return frames.map { frame in
            Envelope(id: MessageId.renderFrame(movie, index: frame.index), movie: movie, body: .renderFrame(RenderFrame(
                movie: movie, index: frame.index, count: frames.count, prompt: frame.description, hints: frame.hints,
                styleId: styleId, seed: seeds.seed(movieSeed: movieSeed, frameIndex: frame.index),
                width: width, height: height)))
        }
    }

    /// The movie's validation, sent once its last frame has landed.
    public static func validateMovie(_ movie: MovieRef) -> Envelope {
        Envelope(id: MessageId.validateMovie(movie), movie: movie, body: .validateMovie(ValidateMovie(movie: movie)))
    }
}
