import Clients
import DreamFrameCore
import Foundation
@testable import Models
@testable import Pipeline
import Testing
import TestSupport

/// The operators' commands on services of the test's own: dead letters listed without being requeued one by one
/// or reordered, `replay list --json` with every header and a body preview, `wait`'s exit codes, `--pid-file`, and
/// `ops/services-up.sh --restart` of one service.
@Suite("Operator commands against a broker and Redis of their own", .serialized)
struct OperatorCommandsTests {
    static func deadQueue(_ services: IsolatedServices) async throws -> AMQPAdmin.QueueStats? {
        let url = try services.brokerURL
        let queue = TestPaths.topology.queues(for: .frameRenderer).deadQueue
        return try await BlockingWork.run {
            let admin = try AMQPAdmin(url: url)
            defer { admin.close() }
            return try admin.stats(queue)
        }
    }

    /// The renderer's dead letters ready in their queue, once `count` are (or after 15 s). A listing's unacked reads
    /// return to the queue as its connection closes; a quorum queue takes them back asynchronously (milliseconds,
    /// more on a loaded machine), so the count is awaited, not sampled.
    static func readyDeadLetters(_ services: IsolatedServices, awaiting count: Int) async throws -> Int? {
        let deadline = ContinuousClock.now + .seconds(15)
        var ready = try await deadQueue(services)?.messages
        while ready != count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            ready = try await deadQueue(services)?.messages
        }
        return ready
    }

    @Test("Listing dead letters keeps them, in order; replay moves only what matches; wait and status say why")
    func deadLetters() async throws {
        try await PipelineHarness.onIsolatedServices { harness, services in
            harness.environment["DREAMFRAME_MANAGEMENT_URL"] = services.managementURL
            let run = try await harness.submit(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 1))
            let env = harness.environment
            let timedOut = try await CLI.run(["wait", run.runId, "--timeout", "0.5", "--interval", "0.1"], environment: env)
            #expect(timedOut.status == 5 && timedOut.output.contains("when --timeout passed"), "\(timedOut.output)")
            let stuck = try await CLI.run(["wait", run.runId, "--stale", "1", "--interval", "0.2"], environment: env)
            #expect(stuck.status == 3 && stuck.output.contains("movie-0001 [queued]"), "\(stuck.output)")
            let unknown = try await CLI.run(["wait", "run-nope"], environment: env)
            #expect(unknown.status == 64, "\(unknown.output)")

            let queues = TestPaths.topology.queues(for: .frameRenderer)
            let ids = (1...5).map { "\(run.runId)/movie-0001/f\($0)" }
            try await harness.publisher.publish(ids.enumerated().map { index, id in
                OutgoingMessage(exchange: "", routingKey: queues.deadQueue, body: Data("{\"n\":\(index),\"pad\":\"\(String(repeating: "x", count: 900))\"}".utf8),
                                messageId: id, headers: [MessageHeaders.run: .string(run.runId), MessageHeaders.movie: .string("movie-0001"),
                                                         MessageHeaders.error: .string("reason \(index)"), MessageHeaders.attempt: .int(5),
                                                         "x-custom": .string("value \(index)")])
            })
            let replayer = DeadLetterReplayer(broker: try AMQPEndpoints(parsing: env["DREAMFRAME_BROKER_URL"]!), topology: TestPaths.topology)
            for look in 1...3 {
                let listed = try await replayer.list(DeadLetterFilter(stage: .frameRenderer))
                #expect(listed.map(\.messageId) == ids, "look \(look): every letter, in the queue's order")
                #expect(try await Self.readyDeadLetters(services, awaiting: 5) == 5, "look \(look): all still ready in the queue")
            }
            let json = try await CLI.run(["replay", "list", "--stage", "frame-renderer", "--json"], environment: env)
            #expect(json.status == 0, "\(json.output)")
            let letters = try JSONDecoder().decode([DeadLetter].self, from: Data(json.output.utf8))
            #expect(letters.map(\.messageId) == ids)
            #expect(letters.first?.headers["x-custom"] == "value 0" && letters.first?.headers["x-df-error"] == "reason 0")
            #expect(letters.first.map { $0.bodyPreview.hasPrefix("{\"n\":0") && $0.bodyPreview.utf8.count <= 600 && $0.bodyBytes > 900 } == true)

            let waited = try await CLI.run(["wait", run.runId, "--interval", "0.2"], environment: env)
            #expect(waited.status == 4 && waited.output.contains("5 message(s) dead-lettered in run"), "\(waited.output)")
            let status = try await CLI.run(["status", run.runId], environment: env)
            #expect(status.status == 2 && status.output.contains("needs attention:") && status.output.contains("5 dead letter(s) in frame-renderer"),
                    "\(status.output)")

            let dry = try await CLI.run(["replay", "requeue", "--message-id", ids[2], "--dry-run"], environment: env)
            #expect(dry.status == 0 && dry.output.contains("1 message(s) would requeue"), "\(dry.output)")
            #expect(try await Self.readyDeadLetters(services, awaiting: 5) == 5, "a dry run moves nothing")
            let moved = try await CLI.run(["replay", "requeue", "--message-id", ids[2]], environment: env)
            #expect(moved.status == 0 && moved.output.contains("1 message(s) requeued"), "\(moved.output)")
            let rest = try await replayer.list(DeadLetterFilter())
            #expect(rest.map(\.messageId) == [ids[0], ids[1], ids[3], ids[4]], "the others keep their order")
            let work = try await BlockingWork.run { [url = try services.brokerURL] in
                let admin = try AMQPAdmin(url: url)
                defer { admin.close() }
                return try admin.stats(queues.workQueue)?.messages
            }
            #expect(work == 1, "the replayed letter waits in the work queue")
        }
    }

    @Test("--pid-file holds the stage's pid, keeps a second process off it, and goes when the stage stops")
    func pidFile() async throws {
        try await PipelineHarness.onIsolatedServices { harness, _ in
            let path = harness.out.appendingPathComponent("renderer.pid").path
            let first = try #require(try harness.start(.frameRenderer, arguments: ["--pid-file", path]).first)
            try await harness.waitUntil("the pid file") { PidFile.read(path) == first.pid }
            let second = try #require(try harness.start(.frameRenderer, arguments: ["--pid-file", path]).first)
            #expect(await second.waitForExit() == 64, "a second process is refused: \(second.logTail(lines: 5))")
            #expect(second.logTail(lines: 5).contains("--pid-file"))
            #expect(PidFile.read(path) == first.pid, "the refused process leaves the file alone")
            first.terminate()
            #expect(await first.waitForExit() == 0)
            #expect(!FileManager.default.fileExists(atPath: path), "removed at exit")
        }
    }

    @Test("ops/services-up.sh --restart redis restarts Redis alone, with its data and ACL")
    func restartOne() async throws {
        let services = try IsolatedServices()
        try await services.up(["redis"])
        do {
            let pidFile = services.directory.appendingPathComponent("redis.pid").path
            let before = try #require(PidFile.read(pidFile))
            let redis = RedisClient(url: try services.redisURL, logger: TestPaths.quietLogger)
            try await withRunningClients([redis]) { _ = try await redis.send(["SET", "df:restart-test", "kept"]) }
            try await services.up(["--restart", "redis"])
            let after = try #require(PidFile.read(pidFile))
            #expect(after != before, "a new Redis process")
            let again = RedisClient(url: try services.redisURL, logger: TestPaths.quietLogger)
            let value = try await withRunningClients([again]) { try await again.send(["GET", "df:restart-test"]).string }
            #expect(value == "kept", "its data (AOF) and the pipeline user's ACL survive the restart")
            await #expect(throws: (any Error).self, "an unknown service name is refused") { try await services.up(["--restart", "mongodb"]) }
        } catch {
            try? await services.down(["--wipe"])
            throw error
        }
        try await services.down(["--wipe"])
    }
}
