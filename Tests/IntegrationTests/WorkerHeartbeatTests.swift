import Clients
import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import ServiceLifecycle
import Testing
import TestSupport

/// Stage processes report themselves through Redis heartbeats; an outage that holds work shows there and in
/// `dreamframe status`, and a stopped process drops out.
@Suite("Worker heartbeats")
struct WorkerHeartbeatTests {
    private struct Down: ClassifiedError, CustomStringConvertible {
        var failureKind: FailureKind { .outage }
        var failureClass: String { "redis" }
        var description: String { "redis://user:secret@10.1.2.3:6379 unreachable: connection refused" }
    }

    private struct Idle: StageHandler {
        let stage = Stage.frameRenderer
        func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] { [] }
    }

    @Test("a runtime holding work through an outage is listed with the outage, then removed when it stops")
    func outageIsReported() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis]) {
            let store = MemoryPipelineStore()
            let context = StageContext(logger: TestPaths.quietLogger, topology: TestPaths.topology, state: store,
                                       layout: OutputLayout(root: "/nonexistent"), publisher: MemoryPublisher())
            let runtime = StageRuntime(handler: Idle(), options: RuntimeOptions(concurrency: 1), context: context)
            let registry = WorkerRegistry(redis: redis)
            let token = TestEnvironment.unique("worker")
            // A report lives three intervals. At 200 ms (a 1 s lifetime) a suite that keeps both cooperative
            // threads busy for seconds let every report expire before the poll below ran (seen in CI).
            let heartbeat = WorkerHeartbeat(registry: registry, runtime: runtime, interval: .seconds(1),
                                            logger: TestPaths.quietLogger, token: token)
            let group = ServiceGroup(services: [heartbeat], logger: TestPaths.quietLogger)
            let running = Task { try await group.run() }

            runtime.outages.report(Down(), logger: TestPaths.quietLogger)
            let held = try await waitForReport(token, "with the outage", registry: registry) { $0.activity.outage != nil }
            #expect(held.stage == .frameRenderer && held.pid == getpid())
            let outage = try #require(held.activity.outage)
            #expect(outage.contains("unreachable") && !outage.contains("secret"), "the reason, without credentials: \(outage)")
            let status = try await CLI.run(["status"])
            // 2: something on the shared services needs a person (another suite's dead letters); the report is the same.
            #expect([0, 2].contains(status.status), "\(status.output)")
            #expect(status.output.contains("OUTAGE frame-renderer \(held.host) pid \(getpid()): holding work for"),
                    "status names the worker holding work: \(status.output)")
            let json = try await CLI.run(["status", "--json"])
            #expect(json.output.contains(token), "status --json lists the worker")

            runtime.outages.recovered(logger: TestPaths.quietLogger)
            _ = try await waitForReport(token, "without the outage", registry: registry) { $0.activity.outage == nil }

            await group.triggerGracefulShutdown()
            try await running.value
            #expect(try await !registry.workers().contains { $0.token == token }, "a stopped worker removes its report")
        }
    }

    private func waitForReport(_ token: String, _ what: String, registry: WorkerRegistry,
                               _ condition: (WorkerReport) -> Bool) async throws -> WorkerReport {
        let deadline = ContinuousClock.now + .seconds(60)
        var last: WorkerReport?
        var polls = 0
        while ContinuousClock.now < deadline {
            polls += 1
            if let report = try await registry.workers().first(where: { $0.token == token }) {
                if condition(report) { return report }
                last = report
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let seen = last.map { "outage \($0.activity.outage ?? "none")" } ?? "none"
        Issue.record("no heartbeat \(what) from \(token) within 60 s (\(polls) polls; last report seen: \(seen))")
        throw CancellationError()
    }
}
