import BuiltInModels
import Clients
import DreamFrameCore
import Foundation
import Models
import Pipeline

/// One bad message for the poison corpus: the stage whose work queue it is published on, its raw bytes and
/// headers, and what its dead letter must say.
struct PoisonCase: Sendable {
    let name: String
    let stage: Stage
    let body: Data
    var headers: [String: AMQPFieldValue] = [:]
    /// A substring the dead letter's `x-df-error` must contain.
    let reason: String
}

/// Builds the poison corpus against two runs that exist but were never started: `run` (two movies, branching
/// 2,2,3, 32x18 frames) and `tiny` (one movie, branching 1,1,1). Every message is one way an old producer, a
/// hand-typed publish, a broken model server or an attacker on the broker could get it wrong; each is built from a
/// message the stages would build, with one thing changed, so the reason must name exactly that thing.
struct PoisonCorpus {
    let run: RunRecord
    let tiny: RunRecord
    let movie: MovieRef
    let plot: MoviePlot
    let writePlotBody: WritePlot
    let substoryBody: ExpandSubstory
    let tinystoryBody: ExpandTinystory
    var cases: [PoisonCase] = []

    init(run: RunRecord, tiny: RunRecord) throws {
        self.run = run
        self.tiny = tiny
        let plotMessage = NextMessages.writePlot(run: run, movieId: RunSubmitter.movieId(1), index: 1)
        movie = plotMessage.movie
        guard case .writePlot(let wp) = plotMessage.body else { throw StageError.permanent("not a write-plot") }
        writePlotBody = wp
        let model = BuiltInStoryModel()
        plot = try model.plot(PlotRequest(seed: wp.seed, theme: wp.theme, substoryCount: run.branching.substories))
        guard case .expandSubstory(let sub) = NextMessages.expandSubstories(wp, plot: plot)[1].body else {
            throw StageError.permanent("not an expand-substory")
        }
        substoryBody = sub
        guard case .expandTinystory(let t) = NextMessages.expandTinystories(sub, expansion: try model.substoryExpansion(sub.request))[1].body else {
            throw StageError.permanent("not an expand-tinystory")
        }
        tinystoryBody = t
        try addEveryStage()
        try addPlotWriter()
        try addStoryExpander()
        try addStyleTrainer()
        try addFrameRenderer()
        try addQAValidator()
    }

    /// How many cases each stage gets.
    var sizes: [Stage: Int] { Dictionary(grouping: cases, by: \.stage).mapValues(\.count) }

    // MARK: Building

    mutating func add(_ name: String, _ envelope: Envelope, _ reason: String, headers: [String: AMQPFieldValue] = [:],
                      to stage: Stage? = nil) throws {
        cases.append(PoisonCase(name: name, stage: stage ?? envelope.kind.stage, body: try envelope.encoded(),
                                headers: headers, reason: reason))
    }

    mutating func raw(_ name: String, _ stage: Stage, _ body: Data, _ reason: String) {
        cases.append(PoisonCase(name: name, stage: stage, body: body, reason: reason))
    }

    /// `envelope` encoded with the JSON number `marker` replaced by `literal` (a number no encoder writes).
    func patched(_ envelope: Envelope, _ marker: String, _ literal: String) throws -> Data {
        let text = String(decoding: try envelope.encoded(), as: UTF8.self)
        precondition(text.contains(marker), "marker \(marker) not in \(text)")
        return Data(text.replacingOccurrences(of: marker, with: literal).utf8)
    }

    /// `body` in an envelope of `movie` (the corpus movie by default) with the id its content derives.
    func envelope(_ body: Envelope.Body, movie: MovieRef? = nil) -> Envelope {
        var envelope = Envelope(id: "", movie: movie ?? self.movie, body: Self.moving(body, to: movie ?? self.movie))
        envelope.id = MessageId.derived(from: envelope)
        return envelope
    }

    func writePlot(_ edit: (inout WritePlot) -> Void = { _ in }) -> Envelope {
        var body = writePlotBody
        edit(&body)
        return envelope(.writePlot(body))
    }

    func expandSubstory(_ edit: (inout ExpandSubstory) -> Void = { _ in }) -> Envelope {
        var body = substoryBody
        edit(&body)
        return envelope(.expandSubstory(body))
    }

    func expandTinystory(_ edit: (inout ExpandTinystory) -> Void = { _ in }) -> Envelope {
        var body = tinystoryBody
        edit(&body)
        return envelope(.expandTinystory(body))
    }

    func learnStyle(_ edit: (inout LearnStyle) -> Void = { _ in }) -> Envelope {
        var body = LearnStyle(movie: movie, style: plot.style, referenceImages: nil)
        edit(&body)
        return envelope(.learnStyle(body))
    }

    func styleReady(_ styleId: String = "noir-0123456789abcdef") -> Envelope {
        envelope(.styleReady(StyleReady(movie: movie, styleId: styleId)))
    }

    func renderFrame(_ edit: (inout RenderFrame) -> Void = { _ in }) -> Envelope {
        var body = RenderFrame(movie: movie, index: 5, count: run.branching.framesPerMovie,
                               prompt: "generate an image in Noir style: at the harbor, a tall man is standing",
                               hints: SceneHints(location: "the harbor", characters: plot.characters, verb: "stand", expression: "calm"),
                               styleId: "noir-0123456789abcdef", seed: 3, width: run.width, height: run.height)
        edit(&body)
        return envelope(.renderFrame(body))
    }

    func validateMovie(_ movie: MovieRef? = nil) -> Envelope {
        envelope(.validateMovie(ValidateMovie(movie: movie ?? self.movie)), movie: movie)
    }

    /// One message of every kind, valid but for what a case changes.
    var everyKind: [Envelope] {
        [writePlot(), expandSubstory(), expandTinystory(), learnStyle(), styleReady(), renderFrame(), validateMovie()]
    }

    /// `body` with its movie set to `movie`.
    static func moving(_ body: Envelope.Body, to movie: MovieRef) -> Envelope.Body {
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

    /// `envelope` moved to `movie`, its id derived again.
    func moved(_ envelope: Envelope, to movie: MovieRef) -> Envelope {
        self.envelope(envelope.body, movie: movie)
    }
}
