import Clients
import DreamFrameCore
import Foundation
import Models
import Pipeline
import TestSupport

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
/// 2,2,3, 32x18 frames; the state of its first, ``expiredMovie``, dropped) and `tiny` (one movie, branching 1,1,1,
/// which named ``tinyOwnStyle`` as its style). Every message is one way an old producer, a
/// hand-typed publish, a broken model server or an attacker on the broker could get it wrong; each is built from a
/// message the stages would build (``MessageBuilding``, shared with the door's unit tests), with one thing changed,
/// so the reason must name exactly that thing.
struct PoisonCorpus: MessageBuilding {
    let sample: SampleMovie
    let tiny: RunRecord
    var cases: [PoisonCase] = []

    init(run: RunRecord, tiny: RunRecord) throws {
        sample = try SampleMovie(run: run)
        self.tiny = tiny
        try addEveryStage()
        try addPlotWriter()
        try addStoryExpander()
        try addStyleTrainer()
        try addFrameRenderer()
        try addQAValidator()
        try addMovieState()
    }

    /// Movie 0 of `run`, whose state the test drops before publishing: its keys expired while its run's lived on.
    var expiredMovie: MovieRef { MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0)) }
    /// The style `tiny`'s movie named as its own (the test records it; it is never in the cache).
    static let tinyOwnStyle = "noir-aaaaaaaaaaaaaaaa"
    /// 5 MB of garbage: over the broker's `max_message_size` (2 MiB, `ops/rabbitmq/rabbitmq.conf`), so the broker
    /// refuses its publish and no stage ever reads it.
    static let overBrokerLimit = Data(repeating: 0xA5, count: 5_000_000)

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
}
