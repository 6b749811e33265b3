import Clients
import DreamFrameCore
import Foundation
import Monitoring
@testable import Pipeline
import Testing
import TestSupport

/// Fails the movies it is told to (transiently), handles the others with one output.
private struct ScriptedHandler: StageHandler {
    let stage = Stage.qaValidator
    let failing: Set<String>

    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        if failing.contains(envelope.movie.movieId) { throw StageError.transient("model busy") }
        return [Envelope(id: "\(envelope.movie)/next", movie: envelope.movie,
                         body: .validateMovie(ValidateMovie(movie: envelope.movie)))]
    }
}

@Suite("Stage metrics, recorded by the real runtime into a Prometheus registry")
struct StageMetricsTests {
    private static func store() async throws -> MemoryPipelineStore {
        let store = MemoryPipelineStore()
        try await store.createRun(RunRecord(runId: "run", movies: 4, seed: 1, branching: .small, themes: [], width: 32,
                                            height: 18, styleImages: nil, createdAt: 0),
                                  movieIds: (0..<4).map { "m\($0)" })
        return store
    }

    private static func message(_ movie: String) throws -> Data {
        let ref = MovieRef(runId: "run", movieId: movie)
        return try Envelope(id: "\(ref)/validate", movie: ref, body: .validateMovie(ValidateMovie(movie: ref))).encoded()
    }

    @Test("handled, duplicate, retried and dead-lettered messages are counted by kind and outcome, every series from 0")
    func outcomes() async throws {
        let registry = MetricsRegistry()
        let publisher = MemoryPublisher()
        let context = StageContext(logger: TestPaths.quietLogger, topology: TestPaths.topology, state: try await Self.store(),
                                   layout: OutputLayout(root: "/nonexistent"),
                                   publisher: TimedPublisher(publisher, stage: .qaValidator, factory: registry.factory))
        let runtime = StageRuntime(handler: ScriptedHandler(failing: ["m3"]), options: RuntimeOptions(concurrency: 1),
                                   context: context, metricsFactory: registry.factory)
        let before = registry.exposition()
        for outcome in ["handled", "duplicate", "retried", "dead_lettered"] {
            #expect(PrometheusText.value(before, "dreamframe_messages_total",
                                         ["stage": "qa-validator", "kind": "validate-movie", "outcome": outcome]) == 0)
        }
        let source = MemoryDeliverySource()
        for movie in ["m0", "m1", "m0", "m2", "m3"] { source.deliver(try Self.message(movie)) }
        source.deliver(Data("not an envelope".utf8))
        source.stopConsuming()
        await runtime.run(consumer: source)
        let text = registry.exposition()
        let count = { (kind: String, outcome: String) in
            PrometheusText.value(text, "dreamframe_messages_total", ["stage": "qa-validator", "kind": kind, "outcome": outcome])
        }
        #expect(count("validate-movie", "handled") == 3)
        #expect(count("validate-movie", "duplicate") == 1, "m0's second copy")
        #expect(count("validate-movie", "retried") == 1, "m3 failed transiently")
        #expect(count("validate-movie", "dead_lettered") == 0)
        #expect(count("unknown", "dead_lettered") == 1, "the undecodable body has no kind")
        #expect(PrometheusText.value(text, "dreamframe_handler_duration_seconds_count", ["kind": "validate-movie"]) == 5)
        #expect(PrometheusText.value(text, "dreamframe_handlers_in_flight") == 0)
        #expect(PrometheusText.value(text, "dreamframe_publish_confirm_duration_seconds_count") == 5,
                "three handled messages' outputs, the retry and the dead letter: every publish is timed")
        let activity = runtime.activity()
        #expect((activity.handled, activity.duplicates, activity.retried, activity.deadLettered) == (3, 1, 1, 1),
                "the heartbeat counts the same")
    }

    @Test("prefetched is what the consumer holds beyond running handlers; outage is 1 while one holds the work")
    func sampledGauges() async throws {
        let registry = MetricsRegistry()
        let context = StageContext(logger: TestPaths.quietLogger, topology: TestPaths.topology, state: MemoryPipelineStore(),
                                   layout: OutputLayout(root: "/nonexistent"), publisher: MemoryPublisher())
        let runtime = StageRuntime(handler: ScriptedHandler(failing: []), options: RuntimeOptions(concurrency: 1),
                                   context: context, metricsFactory: registry.factory)
        runtime.sampleMetrics(heldDeliveries: 7)
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_prefetched_messages") == 7)
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_outage") == 0)
        runtime.outages.report(BrokerError.connection("broker gone"), logger: TestPaths.quietLogger)
        runtime.sampleMetrics(heldDeliveries: 0)
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_prefetched_messages") == 0)
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_outage") == 1)
    }
}
