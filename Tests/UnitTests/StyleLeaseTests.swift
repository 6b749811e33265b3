import BuiltInModels
import Clients
import Foundation
import Models
import Pipeline
import Stages
import Synchronization
import Testing
import TestSupport

/// A learner that fails its first `failures` calls permanently, then learns.
private final class FailingLearner: StyleLearner {
    let learnerId = "test-instant-v1"
    private let calls = Mutex(0)
    private let failures: Int

    init(failures: Int) { self.failures = failures }

    var count: Int { calls.withLock { $0 } }

    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        let call = calls.withLock { $0 += 1; return $0 }
        if call <= failures { throw ModelError.permanent("the trainer rejected the references") }
        return StyleEmbedding(styleId: "", keyword: request.style.keyword, vector: [0.5], lossCurve: [1], learner: learnerId)
    }
}

@Suite("Style learning lease")
struct StyleLeaseTests {
    let branching = Branching(substories: 1, tinystories: 1, keyframes: 2)

    /// Two runs with one seed: two movies with the same style. Returns their `learn-style` messages, undelivered.
    private func twoMoviesOneStyle(_ pipeline: InMemoryPipeline) async throws -> ([MovieRef], [OutgoingMessage]) {
        var movies = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        movies += try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        var learns: [OutgoingMessage] = []
        var cursor = 0
        while cursor < pipeline.publisher.published.count {
            let message = pipeline.publisher.published[cursor]
            cursor += 1
            guard let envelope = try? Envelope.decode(message.body) else { continue }
            if envelope.kind == .learnStyle { learns.append(message); continue }
            _ = await pipeline.runtimes[envelope.kind.stage]?.process(Self.delivery(message))
        }
        return (movies, learns)
    }

    static func delivery(_ message: OutgoingMessage) -> Delivery {
        Delivery(tag: 1, generation: 0, body: message.body, messageId: message.messageId, headers: message.headers,
                 redelivered: false, exchange: message.exchange, routingKey: message.routingKey)
    }

    @Test("when the learner gives up, a parked movie takes the lease over instead of waiting forever")
    func handOver() async throws {
        let learner = FailingLearner(failures: 1)
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: learner)
        let (movies, learns) = try await twoMoviesOneStyle(pipeline)
        try #require(learns.count == 2)
        // Movie 2 parks while "another process" holds the lease; then that learner dies without a trace.
        let styleId = try await Self.styleId(learns[1], learner: learner)
        await pipeline.store.setStyleLease(styleId, owner: "a-process-that-dies")
        let parked = pipeline.publisher.published.count
        #expect(await pipeline.runtimes[.styleTrainer]?.process(Self.delivery(learns[1])) == .ack)
        #expect(try await pipeline.store.movieFields(movies[1])["state"] == "waiting-for-style")
        await pipeline.store.setStyleLease(styleId, owner: nil)
        // Movie 1 learns now and fails permanently: dead-lettered, and the lease is given up.
        #expect(await pipeline.runtimes[.styleTrainer]?.process(Self.delivery(learns[0])) == .ack)
        #expect(await pipeline.store.styleLeases[styleId] == nil)
        // Movie 2's look-again message comes back through the delay queue, takes the lease and learns.
        let outcome = await pipeline.drain(from: parked, limit: 50)
        #expect(learner.count == 2)
        #expect(outcome.deadLetters.count == 1, "only movie 1's failure")
        #expect(try await pipeline.store.movieFields(movies[1])["state"] == "done")
    }

    @Test("a copy of a learning message in another process parks instead of learning the style twice")
    func oneLearnerAcrossProcesses() async throws {
        let gate = Gate()
        let learner = InstantStyleLearner(gate: gate)
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: learner)
        let (_, learns) = try await twoMoviesOneStyle(pipeline)
        let context = pipeline.context
        let first = StyleTrainerHandler(learner: learner, leaseSeconds: 60, owner: "process-a")
        let second = StyleTrainerHandler(learner: learner, leaseSeconds: 60, owner: "process-b")
        let envelope = try Envelope.decode(learns[0].body)
        let learning = Task { try await first.handle(envelope, context: context) }
        while learner.calls == 0 { await Task.yield() }
        // The broker redelivers the same message (consumer timeout, lost connection) to another process.
        #expect(try await second.handle(envelope, context: context).isEmpty)
        await gate.open()
        #expect(try await learning.value.count == branching.framesPerMovie)
        #expect(learner.calls == 1)
    }

    @Test("the lease is renewed while a long training runs")
    func renewal() async throws {
        let gate = Gate()
        let learner = InstantStyleLearner(gate: gate)
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: learner)
        let (_, learns) = try await twoMoviesOneStyle(pipeline)
        let context = pipeline.context
        let handler = StyleTrainerHandler(learner: learner, leaseSeconds: 3, owner: "process-a")
        let envelope = try Envelope.decode(learns[0].body)
        let learning = Task { try await handler.handle(envelope, context: context) }
        // Generous: the loop ends at the second renewal (~2 s alone), but in the whole unit suite other tests' seconds of
        // synchronous CPU work (stories at 11,11,11, renders) can hold both cooperative threads for over 30 s.
        let deadline = ContinuousClock.now + .seconds(180)
        while await (pipeline.store.calls["renewStyleLease"] ?? 0) < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await (pipeline.store.calls["renewStyleLease"] ?? 0) >= 2)
        await gate.open()
        _ = try await learning.value
    }

    private static func styleId(_ message: OutgoingMessage, learner: any StyleLearner) async throws -> String {
        guard case .learnStyle(let learn) = try Envelope.decode(message.body).body else {
            throw StageError.permanent("not a learn-style message")
        }
        return try StyleIdentity.make(style: learn.style, referenceImages: [], learnerId: learner.learnerId)
    }
}
