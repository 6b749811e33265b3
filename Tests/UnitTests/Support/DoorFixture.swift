import DreamFrameCore
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// A run in an in-memory store and one valid message of every kind for its second movie (``MessageBuilding``,
/// shared with the poison corpus), for door checks.
struct DoorFixture: MessageBuilding {
    let store = MemoryPipelineStore()
    let check: MessageCheck
    let sample: SampleMovie
    /// A style in the cache.
    static let cachedStyle = "cached-0123abcd"

    init(limits: MessageLimits = MessageLimits(), styleImages: String? = nil) async throws {
        check = MessageCheck(limits: limits)
        let run = RunRecord(runId: TestPaths.unique("door"), movies: 2, seed: 11, branching: Branching(substories: 2, tinystories: 2, keyframes: 3),
                            themes: ["the sea", "a city"], width: 32, height: 18, styleImages: styleImages, createdAt: 0)
        try await store.createRun(run, movieIds: ["movie-0001", "movie-0002"])
        sample = try SampleMovie(run: run, styleId: Self.cachedStyle, styleKeyword: "Test")
        _ = try await store.storeStyle(StyleEmbedding(styleId: Self.cachedStyle, keyword: "Test", vector: [0.5], lossCurve: [],
                                                      learner: "test"), owner: "fixture")
    }

    /// One valid message of every kind, and a parked movie's look again at its style.
    var everyMessage: [Envelope] { everyKind + [learnStyle { $0.recheck = 3 }] }

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
