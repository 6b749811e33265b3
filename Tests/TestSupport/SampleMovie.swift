import BuiltInModels
import Foundation
import Models
import Pipeline

/// One movie of a run and the message bodies the stages would send for it, made the way the stages make them
/// (``NextMessages`` over the built-in story model): the movie's write-plot, its second substory's expansion request
/// (the first when it has one) and that substory's second tinystory's (likewise). ``MessageBuilding`` builds
/// every kind of message from it.
public struct SampleMovie: Sendable {
    public let run: RunRecord
    public let movie: MovieRef
    public let plot: MoviePlot
    public let writePlotBody: WritePlot
    public let substoryBody: ExpandSubstory
    public let tinystoryBody: ExpandTinystory
    /// The style that style-ready and render-frame messages name.
    public let styleId: String
    /// The style keyword of the render-frame prompt.
    public let styleKeyword: String

    /// Movie `movieIndex` (0-based, id ``RunSubmitter/movieId(_:)``) of `run`.
    public init(run: RunRecord, movieIndex: Int = 1, styleId: String = "noir-0123456789abcdef",
                styleKeyword: String = "Noir") throws {
        self.run = run
        self.styleId = styleId
        self.styleKeyword = styleKeyword
        let plotMessage = NextMessages.writePlot(run: run, movieId: RunSubmitter.movieId(movieIndex), index: movieIndex)
        movie = plotMessage.movie
        guard case .writePlot(let wp) = plotMessage.body else { throw StageError.permanent("not a write-plot") }
        writePlotBody = wp
        let model = BuiltInStoryModel()
        plot = try model.plot(PlotRequest(seed: wp.seed, theme: wp.theme, substoryCount: run.branching.substories))
        let substories = NextMessages.expandSubstories(wp, plot: plot)
        guard case .expandSubstory(let sub) = substories[min(1, substories.count - 1)].body else {
            throw StageError.permanent("not an expand-substory")
        }
        substoryBody = sub
        let tinystories = NextMessages.expandTinystories(sub, expansion: try model.substoryExpansion(sub.request))
        guard case .expandTinystory(let tiny) = tinystories[min(1, tinystories.count - 1)].body else {
            throw StageError.permanent("not an expand-tinystory")
        }
        tinystoryBody = tiny
    }

    /// `body` with its movie set to `movie`.
    public static func moving(_ body: Envelope.Body, to movie: MovieRef) -> Envelope.Body {
        switch body {
        case .writePlot(var m): m.movie = movie; return .writePlot(m)
        case .expandSubstory(var m): m.movie = movie; return .expandSubstory(m)
        case .expandTinystory(var m): m.movie = movie; return .expandTinystory(m)
        case .learnStyle(var m): m.movie = movie; return .learnStyle(m)
        case .styleReady(var m): m.movie = movie; return .styleReady(m)
        case .renderFrame(var m): m.movie = movie; return .renderFrame(m)
        case .validateMovie(var m): m.movie = movie; return .validateMovie(m)
        }
    }

    /// `envelope` with its body's movie set to the envelope's movie and the id its content derives.
    public static func rederived(_ envelope: Envelope) -> Envelope {
        var rebuilt = Envelope(id: "", movie: envelope.movie, body: moving(envelope.body, to: envelope.movie))
        rebuilt.id = MessageId.derived(from: rebuilt)
        return rebuilt
    }
}
