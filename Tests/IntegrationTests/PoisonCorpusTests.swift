import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// Hostile input through the real system: the poison corpus (``PoisonCorpus``) published raw onto the five work
/// queues of running stage processes, over a RabbitMQ and a Redis of the test's own (so Redis memory is measured
/// without other tests' noise). One run of the stages for the whole corpus.
@Suite("Poison corpus", .serialized)
struct PoisonCorpusTests {
    @Test("every bad message is dead-lettered at attempt 1 with its reason; no file, no Redis growth; the workers go on and a run completes; SIGTERM exits in time")
    func corpus() async throws {
        try await PipelineHarness.onIsolatedServices { harness, services in
            // KEYS and INFO are not the pipeline user's commands (its ACL): the test reads them as Redis' admin.
            let admin = RedisClient(url: try services.redisAdminURL, logger: TestEnvironment.logger)
            try await withRunningClients([admin]) { try await run(harness, admin: admin) }
        }
    }

    private func run(_ harness: PipelineHarness, admin: RedisClient) async throws {
        // Two runs that exist but were never started: the corpus's messages name them.
        let run = RunRecord(runId: TestPaths.unique("poison"), movies: 2, seed: 11, branching: Branching(substories: 2, tinystories: 2, keyframes: 3),
                            themes: [], width: 32, height: 18, styleImages: nil, createdAt: Date().timeIntervalSince1970)
        let tiny = RunRecord(runId: TestPaths.unique("poison-tiny"), movies: 1, seed: 5, branching: Branching(substories: 1, tinystories: 1, keyframes: 1),
                             themes: [], width: 32, height: 18, styleImages: nil, createdAt: Date().timeIntervalSince1970)
        try await harness.state.createRun(run, movieIds: [RunSubmitter.movieId(0), RunSubmitter.movieId(1)])
        try await harness.state.createRun(tiny, movieIds: [RunSubmitter.movieId(0)])
        let corpus = try PoisonCorpus(run: run, tiny: tiny)
        // The movie state the corpus expects: one movie's state gone (its keys expired), one movie with its own style.
        #expect(try await admin.send(["DEL", PipelineKeys.movie(corpus.expiredMovie)]).int == 1, "the movie's state was there to drop")
        try await harness.state.updateMovie(MovieRef(runId: tiny.runId, movieId: RunSubmitter.movieId(0)),
                                            [.styleId: PoisonCorpus.tinyOwnStyle])
        #expect(corpus.cases.count >= 60)
        #expect(Set(corpus.cases.map { "\($0.stage.rawValue)|\($0.body.base64EncodedString())" }).count == corpus.cases.count,
                "bodies are unique per stage, so each dead letter names its case")
        for stage in Stage.allCases { try harness.start(stage, arguments: ["--repair-every", "0"]) }
        try await waitForConsumers(harness)
        let before = try files(harness)
        let memoryBefore = try await usedMemory(admin)
        let keysBefore = try await keys(admin)

        try await publish(corpus, harness)
        try await expectRefusedByBroker(PoisonCorpus.overBrokerLimit, harness)
        let letters = try await collectDeadLetters(corpus, harness)
        for item in corpus.cases {
            guard let letter = letters[key(item.stage, item.body)] else {
                Issue.record("no dead letter for \(item.name)")
                continue
            }
            let reason = letter.headers[MessageHeaders.error]?.stringValue ?? ""
            #expect(reason.contains(item.reason), "\(item.name): reason \(reason)")
            #expect(letter.headers[MessageHeaders.attempt]?.intValue == 1, "\(item.name): dead-lettered at once")
            #expect(letter.headers[MessageHeaders.stage]?.stringValue == item.stage.rawValue, "\(item.name)")
            #expect(["undecodable", "invalid-message", "permanent"].contains(letter.headers[MessageHeaders.errorClass]?.stringValue ?? ""),
                    "\(item.name): class \(String(describing: letter.headers[MessageHeaders.errorClass]))")
            #expect(letter.headers.keys.allSatisfy { $0.hasPrefix("x-df-") || $0 == "x-delivery-count" },
                    "\(item.name): only the runtime's (and the broker's) headers: \(letter.headers.keys.sorted())")
        }
        // The workers are alive and consuming, nothing waits in a work or retry queue, and nothing reached disk.
        let running = harness.processes.allSatisfy { $0.isRunning }
        #expect(running, "\(harness.logTails())")
        try await expectQueuesIdle(harness)
        let after = try files(harness)
        #expect(after == before, "no file or directory was created for a bad message: \(after)")
        let memoryAfter = try await usedMemory(admin)
        let newKeys = try await keys(admin).subtracting(keysBefore)
        #expect(newKeys.allSatisfy { $0.contains(tiny.runId) }, "only the one message that passes the door wrote keys: \(newKeys.sorted())")
        #expect(memoryAfter - memoryBefore < 1_000_000, "Redis used_memory \(memoryBefore) → \(memoryAfter) bytes")
        print("poison corpus: \(corpus.cases.count) cases (\(corpus.sizes.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", "))); Redis used_memory \(memoryBefore) → \(memoryAfter)")

        // A normal run afterwards completes, exactly once.
        let normal = try await harness.submit(movies: 2, branching: Branching(substories: 2, tinystories: 1, keyframes: 2))
        try await harness.waitForCompletion(normal)
        try harness.checkExactlyOnce(normal)

        // Whatever was published, SIGTERM drains and exits 0: the corpus again, then SIGTERM at once.
        try await publish(corpus, harness)
        for process in harness.processes { process.terminate() }
        for process in harness.processes {
            let status = await process.waitForExit(timeout: .seconds(20))
            #expect(status == 0, "\(process.stage.rawValue) exit status after SIGTERM: \(String(describing: status))\n\(process.logTail())")
        }
    }

    private func key(_ stage: Stage, _ body: Data) -> String { "\(stage.rawValue)|\(StableHash.hexDigest(body))|\(body.count)" }

    private func publish(_ corpus: PoisonCorpus, _ harness: PipelineHarness) async throws {
        let topology = TestEnvironment.topology
        try await harness.publisher.publish(corpus.cases.enumerated().map { n, item in
            let queues = topology.queues(for: item.stage)
            return OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey, body: item.body,
                                   messageId: "poison-\(n)", headers: item.headers)
        })
    }

    /// A body over the broker's `max_message_size` is refused at publish (the channel closed with 406), so it can
    /// never reach a stage; the publisher goes on on a new channel.
    private func expectRefusedByBroker(_ body: Data, _ harness: PipelineHarness) async throws {
        let queues = TestEnvironment.topology.queues(for: .frameRenderer)
        do {
            try await harness.publisher.publish([OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey,
                                                                 body: body, messageId: "poison-over-broker-limit")])
            Issue.record("the broker took a body of \(body.count) bytes")
        } catch BrokerError.refused(let code, let text) {
            #expect(code == 406 && text.contains("larger than configured max size 2097152"), "refused: \(code) \(text)")
        }
    }

    /// Takes the dead letters off the five dead-letter queues until every case has one (by stage and body).
    private func collectDeadLetters(_ corpus: PoisonCorpus, _ harness: PipelineHarness) async throws -> [String: Delivery] {
        let endpoints = try AMQPEndpoints(parsing: harness.environment["DREAMFRAME_BROKER_URL"] ?? "")
        let topology = TestEnvironment.topology
        let wanted = Set(corpus.cases.map { key($0.stage, $0.body) })
        var letters: [String: Delivery] = [:]
        try await harness.waitUntil("a dead letter for each of the \(wanted.count) cases", timeout: .seconds(180)) {
            let taken = try await BlockingWork.run {
                let admin = try AMQPAdmin(endpoints: endpoints)
                defer { admin.close() }
                var found: [(Stage, Delivery)] = []
                for stage in Stage.allCases {
                    while let delivery = try admin.get(topology.queues(for: stage).deadQueue) {
                        try admin.ack(delivery)
                        found.append((stage, delivery))
                    }
                }
                return found
            }
            for (stage, delivery) in taken { letters[key(stage, delivery.body)] = delivery }
            return wanted.isSubset(of: Set(letters.keys))
        }
        #expect(letters.count == wanted.count, "one dead letter per case, nothing else dead-lettered")
        return letters
    }

    /// Every stage has its consumer on its work queue.
    private func waitForConsumers(_ harness: PipelineHarness) async throws {
        let endpoints = try AMQPEndpoints(parsing: harness.environment["DREAMFRAME_BROKER_URL"] ?? "")
        try await harness.waitUntil("every stage consuming") {
            try await BlockingWork.run {
                let admin = try AMQPAdmin(endpoints: endpoints)
                defer { admin.close() }
                return try Stage.allCases.allSatisfy {
                    (try admin.stats(TestEnvironment.topology.queues(for: $0).workQueue)?.consumers ?? 0) >= 1
                }
            }
        }
    }

    /// No message waits in a work or retry queue, and each work queue still has its consumer.
    private func expectQueuesIdle(_ harness: PipelineHarness) async throws {
        let endpoints = try AMQPEndpoints(parsing: harness.environment["DREAMFRAME_BROKER_URL"] ?? "")
        let stats = try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: endpoints)
            defer { admin.close() }
            return try Stage.allCases.flatMap { stage in
                let queues = TestEnvironment.topology.queues(for: stage)
                return try ([queues.workQueue] + queues.retries.map(\.queue)).compactMap { try admin.stats($0) }
            }
        }
        for queue in stats {
            #expect(queue.messages == 0, "\(queue.name) holds \(queue.messages) messages")
            if !queue.name.contains(".retry.") { #expect(queue.consumers >= 1, "\(queue.name) has no consumer") }
        }
    }

    /// Every file and directory under `--out`, but the stage logs.
    private func files(_ harness: PipelineHarness) throws -> [String] {
        let root = harness.out.path
        return (FileManager.default.subpaths(atPath: root) ?? []).filter { !$0.hasPrefix("logs") }.sorted()
    }

    /// Every key in Redis (the services are the test's own).
    private func keys(_ admin: RedisClient) async throws -> Set<String> {
        Set(try await admin.send(["KEYS", "*"]).array.compactMap(\.string))
    }

    /// Redis's `used_memory`, after a moment for the last writes and frees to settle.
    private func usedMemory(_ admin: RedisClient) async throws -> Int {
        let info = try await admin.send(["INFO", "memory"]).string ?? ""
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("used_memory:") }
        return Int(line?.split(separator: ":").last ?? "") ?? 0
    }
}
