import BuiltInModels
import DreamFrameCore
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// A run in an in-memory store and one valid message of every kind for its second movie, built the way the stages
/// build them (``NextMessages``), with editors that change one field and re-derive the id — for door checks.
struct DoorFixture {
    let store = MemoryPipelineStore()
    let check: MessageCheck
    let run: RunRecord
    let movie: MovieRef
    let plot: MoviePlot
    let writePlotBody: WritePlot
    let substoryBody: ExpandSubstory
    let tinystoryBody: ExpandTinystory
    /// A style in the cache.
    static let cachedStyle = "cached-0123abcd"

    init(limits: MessageLimits = MessageLimits(), styleImages: String? = nil) async throws {
        check = MessageCheck(limits: limits)
        run = RunRecord(runId: TestPaths.unique("door"), movies: 2, seed: 11, branching: Branching(substories: 2, tinystories: 2, keyframes: 3),
                        themes: ["the sea", "a city"], width: 32, height: 18, styleImages: styleImages, createdAt: 0)
        try await store.createRun(run, movieIds: ["movie-0001", "movie-0002"])
        let plotMessage = NextMessages.writePlot(run: run, movieId: "movie-0002", index: 1)
        movie = plotMessage.movie
        guard case .writePlot(let wp) = plotMessage.body else { throw StageError.permanent("not a write-plot") }
        writePlotBody = wp
        let model = BuiltInStoryModel()
        plot = try model.plot(PlotRequest(seed: wp.seed, theme: wp.theme, substoryCount: run.branching.substories))
        guard case .expandSubstory(let sub) = NextMessages.expandSubstories(wp, plot: plot)[1].body else {
            throw StageError.permanent("not an expand-substory")
        }
        substoryBody = sub
        let expansion = try model.substoryExpansion(sub.request)
        guard case .expandTinystory(let tiny) = NextMessages.expandTinystories(sub, expansion: expansion)[1].body else {
            throw StageError.permanent("not an expand-tinystory")
        }
        tinystoryBody = tiny
        _ = try await store.storeStyle(StyleEmbedding(styleId: Self.cachedStyle, keyword: "Test", vector: [0.5], lossCurve: [],
                                                      learner: "test"), owner: "fixture")
    }

    /// `body` in an envelope of the fixture's movie, with the id its content derives.
    func envelope(_ body: Envelope.Body, movie: MovieRef? = nil) -> Envelope {
        var envelope = Envelope(id: "", movie: movie ?? self.movie, body: body)
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
        var body = LearnStyle(movie: movie, style: plot.style, referenceImages: run.styleImages)
        edit(&body)
        return envelope(.learnStyle(body))
    }

    func styleReady(_ edit: (inout StyleReady) -> Void = { _ in }) -> Envelope {
        var body = StyleReady(movie: movie, styleId: Self.cachedStyle)
        edit(&body)
        return envelope(.styleReady(body))
    }

    func renderFrame(_ edit: (inout RenderFrame) -> Void = { _ in }) -> Envelope {
        var body = RenderFrame(movie: movie, index: 5, count: run.branching.framesPerMovie,
                               prompt: "generate an image in Test style: at the harbor, a tall man is standing",
                               hints: SceneHints(location: "the harbor", characters: plot.characters, verb: "stand", expression: "calm"),
                               styleId: Self.cachedStyle, seed: 3, width: run.width, height: run.height)
        edit(&body)
        return envelope(.renderFrame(body))
    }

    func validateMovie(_ movie: MovieRef? = nil) -> Envelope {
        let target = movie ?? self.movie
        return envelope(.validateMovie(ValidateMovie(movie: target)), movie: target)
    }

    /// One valid message of every kind.
    var everyKind: [Envelope] {
        [writePlot(), expandSubstory(), expandTinystory(), learnStyle(), learnStyle { $0.recheck = 3 }, styleReady(),
         renderFrame(), validateMovie()]
    }

    /// Expects `envelope` to be refused with a violation of `field` whose reason contains `rule`; returns the reason.
    @discardableResult
    func expectRefused(_ envelope: Envelope, field: String, rule: String,
                       sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        do {
            try await check.check(envelope, state: store)
            Issue.record("\(envelope.kind.rawValue) with a bad \(field) passed the door", sourceLocation: sourceLocation)
            return ""
        } catch let violation as MessageViolation {
            #expect(violation.field == field, "field of: \(violation)", sourceLocation: sourceLocation)
            #expect(violation.description.contains(rule), "reason: \(violation)", sourceLocation: sourceLocation)
            #expect(violation.kind == envelope.kind, sourceLocation: sourceLocation)
            #expect(violation.failureKind == .permanent, sourceLocation: sourceLocation)
            return violation.description
        } catch {
            Issue.record("not a violation: \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }
}
