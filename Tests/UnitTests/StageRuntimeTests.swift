import Clients
import DreamFrameCore
import Foundation
import Pipeline
import Synchronization
import Testing
import TestSupport

/// A handler that waits at a gate and records how many run at once.
private final class GatedHandler: StageHandler {
    let stage = Stage.qaValidator
    let gate = Gate()
    private let counts = Mutex((running: 0, peak: 0, started: 0))

    var peak: Int { counts.withLock { $0.peak } }
    var started: Int { counts.withLock { $0.started } }

    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        counts.withLock { $0.running += 1; $0.started += 1; $0.peak = max($0.peak, $0.running) }
        await gate.wait()
        counts.withLock { $0.running -= 1 }
        return []
    }
}

/// A handler that answers every message with one output and counts its calls.
private final class EchoHandler: StageHandler {
    let stage = Stage.qaValidator
    private let count = Mutex(0)
    var calls: Int { count.withLock { $0 } }

    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        count.withLock { $0 += 1 }
        let movie = envelope.movie
        return [Envelope(id: "\(movie)/out", movie: movie, body: .validateMovie(ValidateMovie(movie: movie)))]
    }
}

/// An outage as the clients report one.
private struct Unreachable: ClassifiedError {
    var failureKind: FailureKind { .outage }
    var failureClass: String { "redis" }
}

@Suite("Stage runtime over an in-memory queue")
struct StageRuntimeTests {
    private func message(_ n: Int) throws -> Data {
        let movie = MovieRef(runId: "run", movieId: "m\(n)")
        return try Envelope(id: "\(movie)/validate", movie: movie, body: .validateMovie(ValidateMovie(movie: movie))).encoded()
    }

    /// A store holding run `run` with movies `m0`…`m9`, which the messages of ``message(_:)`` belong to.
    private static func seededStore() async throws -> MemoryPipelineStore {
        let store = MemoryPipelineStore()
        let run = RunRecord(runId: "run", movies: 10, seed: 1, branching: .small, themes: [], width: 32, height: 18,
                            styleImages: nil, createdAt: 0)
        try await store.createRun(run, movieIds: (0..<10).map { "m\($0)" })
        return store
    }

    private func runtime(_ handler: any StageHandler, concurrency: Int,
                         store: MemoryPipelineStore,
                         publisher: MemoryPublisher = MemoryPublisher()) -> StageRuntime {
        let context = StageContext(logger: TestPaths.quietLogger, topology: TestPaths.topology, state: store,
                                   layout: OutputLayout(root: "/nonexistent"), publisher: publisher)
        return StageRuntime(handler: handler, options: RuntimeOptions(concurrency: concurrency), context: context)
    }

    @Test("at most `concurrency` handlers run at once, and every delivery is settled")
    func concurrencyBound() async throws {
        let handler = GatedHandler()
        let runtime = runtime(handler, concurrency: 3, store: try await Self.seededStore())
        let source = MemoryDeliverySource()
        for n in 0..<10 { source.deliver(try message(n)) }
        let consuming = Task { await runtime.run(consumer: source) }
        while handler.started < 3 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        #expect(handler.started == 3, "no fourth handler starts while three hold their slots")
        await handler.gate.open()
        source.stopConsuming()
        await consuming.value
        #expect(handler.peak == 3)
        #expect(source.settlements.count == 10)
        #expect(source.settlements.allSatisfy { $0.settlement == .ack })
    }

    @Test("on shutdown, in-flight work finishes and is acked; prefetched work is requeued untouched")
    func shutdownRequeuesPrefetched() async throws {
        let handler = GatedHandler()
        let runtime = runtime(handler, concurrency: 1, store: try await Self.seededStore())
        let source = MemoryDeliverySource()
        for n in 0..<5 { source.deliver(try message(n)) }
        let consuming = Task { await runtime.run(consumer: source) }
        while handler.started < 1 { await Task.yield() }
        runtime.beginShutdown()
        source.stopConsuming()
        await handler.gate.open()
        await consuming.value
        #expect(handler.started == 1)
        let settlements = source.settlements.sorted { $0.tag < $1.tag }.map(\.settlement)
        #expect(settlements == [.ack, .requeue, .requeue, .requeue, .requeue])
    }

    @Test("a body that is not an envelope is dead-lettered as undecodable and acked")
    func undecodable() async throws {
        let publisher = MemoryPublisher()
        let runtime = runtime(GatedHandler(), concurrency: 1, store: MemoryPipelineStore(), publisher: publisher)
        let delivery = Delivery(tag: 1, generation: 0, body: Data("not json".utf8), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        #expect(await runtime.process(delivery) == .ack)
        let letter = try #require(publisher.published.first)
        #expect(letter.routingKey == TestPaths.topology.queues(for: .qaValidator).deadRoutingKey)
        #expect(letter.headers[MessageHeaders.errorClass]?.stringValue == "undecodable")
        #expect(letter.body == delivery.body)
    }

    @Test("a message of another stage's kind is dead-lettered, naming both stages")
    func wrongStage() async throws {
        let publisher = MemoryPublisher()
        let runtime = runtime(GatedHandler(), concurrency: 1, store: MemoryPipelineStore(), publisher: publisher)
        let movie = MovieRef(runId: "run", movieId: "m")
        let body = try Envelope(id: "x", movie: movie, body: .writePlot(WritePlot(
            movie: movie, seed: 1, theme: nil, branching: .small))).encoded()
        let delivery = Delivery(tag: 1, generation: 0, body: body, messageId: "x", headers: [:], redelivered: false,
                                exchange: "", routingKey: "")
        #expect(await runtime.process(delivery) == .ack)
        let reason = try #require(publisher.published.first?.headers[MessageHeaders.error]?.stringValue)
        #expect(reason.contains("plot-writer") && reason.contains("qa-validator"))
    }

    @Test("when the dead letter cannot be published (the broker returns it), the delivery is requeued, never lost")
    func publishFailureRequeues() async throws {
        let publisher = MemoryPublisher()
        publisher.fail(with: BrokerError.notConfirmed("unroutable: exchange 'x' routing key 'y' (NO_ROUTE)"))
        let runtime = runtime(GatedHandler(), concurrency: 1, store: MemoryPipelineStore(), publisher: publisher)
        let delivery = Delivery(tag: 1, generation: 0, body: Data("{}".utf8), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        #expect(await runtime.process(delivery) == .requeue)
    }

    @Test("a broker outage while dead-lettering holds the message until shutdown, then requeues it")
    func publishOutageHoldsThenRequeues() async throws {
        let publisher = MemoryPublisher()
        publisher.fail(with: BrokerError.connection("broker gone"))
        let runtime = runtime(GatedHandler(), concurrency: 1, store: MemoryPipelineStore(), publisher: publisher)
        let delivery = Delivery(tag: 1, generation: 0, body: Data("{}".utf8), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        let processing = Task { await runtime.process(delivery) }
        let deadline = ContinuousClock.now + .seconds(60)
        while !runtime.outages.isDown && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(runtime.outages.isDown, "held, not requeued at once")
        runtime.beginShutdown()
        #expect(await processing.value == .requeue)
    }

    /// A quorum queue whose leader died nacks publishes until a new leader is elected. Requeueing the delivery at
    /// once looped it through the queue's delivery limit (10) within a second, and the broker dead-lettered frames
    /// of a healthy run (`make chaos`, cluster scenario, node killed for 10 s).
    @Test("a broker nack of the handler's outputs holds the message like an outage: no requeue, no attempt spent; it completes once publishes are taken")
    func nackHolds() async throws {
        let store = try await Self.seededStore()
        let publisher = MemoryPublisher()
        publisher.fail(with: BrokerError.nacked("the queue did not take the message"))
        let handler = EchoHandler()
        let runtime = runtime(handler, concurrency: 1, store: store, publisher: publisher)
        let delivery = Delivery(tag: 1, generation: 0, body: try message(1), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        let processing = Task { await runtime.process(delivery) }
        let deadline = ContinuousClock.now + .seconds(60)
        while handler.calls < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(handler.calls >= 3, "it keeps trying to publish the outputs")
        #expect(runtime.outages.isDown, "the broker is reported down while it nacks")
        #expect(publisher.published.isEmpty, "no retry and no dead letter while the broker nacks")
        publisher.fail(with: nil)
        #expect(await processing.value == .ack)
        #expect(publisher.published.count == 1, "the handler's one output, not a retry or a dead letter")
        #expect(publisher.published.first?.headers[MessageHeaders.error] == nil, "not a retry: no attempt was spent")
        #expect(!runtime.outages.isDown)
    }

    @Test("Redis unreachable is an outage, and a Redis error reply about the input is permanent")
    func redisErrorKinds() {
        #expect(RedisError.connection("connection refused").failureKind == .outage)
        #expect(RedisError.server("LOADING Redis is loading the dataset in memory").failureKind == .outage)
        #expect(RedisError.server("ERR bit offset is not an integer or out of range").failureKind == .permanent)
        #expect(RedisError.server("OOM command not allowed when used memory > 'maxmemory'").failureKind == .transient)
        #expect(BrokerError.connection("reset").failureKind == .outage)
        #expect(BrokerError.invalidMessage("id too long").failureKind == .permanent)
    }

    @Test("an outage holds the message without counting an attempt, and it completes once the store is back")
    func outageHolds() async throws {
        let store = try await Self.seededStore()
        await store.setFailure(Unreachable())
        let publisher = MemoryPublisher()
        let handler = GatedHandler()
        await handler.gate.open()
        let runtime = runtime(handler, concurrency: 1, store: store, publisher: publisher)
        let delivery = Delivery(tag: 1, generation: 0, body: try message(1), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        let processing = Task { await runtime.process(delivery) }
        let deadline = ContinuousClock.now + .seconds(60)
        while await (store.calls["admission"] ?? 0) < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await (store.calls["admission"] ?? 0) >= 3, "it keeps probing (the door reads the store first)")
        #expect(runtime.outages.isDown)
        #expect(publisher.published.isEmpty, "no retry, no dead letter while the store is unreachable")
        await store.setFailure(nil)
        #expect(await processing.value == .ack)
        #expect(handler.started == 1)
        #expect(!runtime.outages.isDown)
        #expect(await store.handled.values.map(\.count).reduce(0, +) == 1)
    }

    @Test("on shutdown during an outage, held work is requeued so the process can exit")
    func outageShutdown() async throws {
        let store = try await Self.seededStore()
        await store.setFailure(Unreachable())
        let runtime = runtime(GatedHandler(), concurrency: 1, store: store)
        let delivery = Delivery(tag: 1, generation: 0, body: try message(1), messageId: "x", headers: [:],
                                redelivered: false, exchange: "", routingKey: "")
        let processing = Task { await runtime.process(delivery) }
        try await Task.sleep(for: .milliseconds(200))
        runtime.beginShutdown()
        #expect(await processing.value == .requeue)
    }
}
