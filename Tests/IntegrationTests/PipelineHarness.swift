import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore
import ServiceLifecycle

/// Runs the real stage executables against the real broker and Redis, in a private output folder.
final class PipelineHarness: @unchecked Sendable {
    let out: URL
    let redis: RedisClient
    let state: RedisPipelineStore
    let publisher: AMQPPublisher
    /// Runs `redis` and `publisher` until ``shutdown(removeOutput:)``.
    private let clients: ServiceGroup
    private let running: Task<Void, any Error>
    let layout: OutputLayout
    private(set) var processes: [StageProcess] = []
    var environment: [String: String]

    /// A harness on the shared services, or on `brokerURLs` (one URL or a cluster's comma-separated list) and
    /// `redisURL`.
    init(brokerURLs: String = ProcessInfo.processInfo.environment["DREAMFRAME_BROKER_URL"] ?? Settings.defaultBrokerURL,
         redisURL: String = ProcessInfo.processInfo.environment["DREAMFRAME_REDIS_URL"] ?? Settings.defaultRedisURL) async throws {
        let broker = try AMQPEndpoints(parsing: brokerURLs)
        out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("dreamframe-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        layout = OutputLayout(root: out.path)
        redis = RedisClient(url: try RedisURL(redisURL), logger: TestEnvironment.logger)
        state = RedisPipelineStore(redis: redis)
        publisher = AMQPPublisher(endpoints: broker, logger: TestEnvironment.logger)
        clients = ServiceGroup(configuration: .init(services: [redis, publisher], logger: TestEnvironment.logger))
        environment = [
            "DREAMFRAME_BROKER_URL": brokerURLs,
            "DREAMFRAME_REDIS_URL": redisURL,
            "DREAMFRAME_TOPOLOGY": TestEnvironment.topology.source,
            "DREAMFRAME_OUT": out.path,
            "DREAMFRAME_LOG_LEVEL": "info",
            // Model answers are cached per harness: a test's model calls are never answered by an earlier run's.
            "DREAMFRAME_MODEL_CACHE": out.appendingPathComponent(".model-cache").path,
            // The built-in learner at 40 steps instead of 300: a debug build spends ~22 s of CPU on one style at
            // 300, minutes for a batch's styles on a loaded 2-core machine. Pipeline tests check delivery, not
            // learning quality (the learner's unit tests pin that); an external learner's test sets its own.
            "DREAMFRAME_STYLE_STEPS": "40",
        ]
        // Every pipeline test starts from empty stage queues: nothing left over from an earlier run leaks in.
        let topology = TestEnvironment.topology
        try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: broker)
            defer { admin.close() }
            try admin.declare(topology)
            for stage in Stage.allCases {
                let q = topology.queues(for: stage)
                for queue in [q.workQueue, q.deadQueue] + q.retries.map(\.queue) { try admin.purge(queue) }
            }
        }
        running = Task { [clients] in try await clients.run() }
    }

    /// Starts `copies` processes of `stage` (through `launcher`, e.g. `ip netns exec`, when given).
    @discardableResult
    func start(_ stage: Stage, copies: Int = 1, arguments: [String] = [], environment extra: [String: String] = [:],
               launcher: [String] = []) throws -> [StageProcess] {
        let started = try (0..<copies).map { copy in
            try StageProcess(stage: stage, arguments: arguments, environment: environment.merging(extra) { _, new in new },
                             logFile: out.appendingPathComponent("logs/\(stage.rawValue)-\(processes.count + copy + 1).log"),
                             launcher: launcher)
        }
        processes += started
        return started
    }

    /// Submits a run (returns its record).
    func submit(movies: Int, branching: Branching, seed: UInt64 = 7, size: (Int, Int) = (192, 108),
                styleImages: String? = nil, themes: [String] = []) async throws -> RunRecord {
        let record = RunRecord(runId: RunSubmitter.newRunId(), movies: movies, seed: seed, branching: branching,
                               themes: themes, width: size.0, height: size.1, styleImages: styleImages,
                               createdAt: Date().timeIntervalSince1970)
        try await RunSubmitter(state: state, publisher: publisher, topology: TestEnvironment.topology).submit(record)
        return record
    }

    /// Waits until `condition` holds, checking every 20 ms; fails the test with `what` after `timeout`.
    func waitUntil(_ what: String, timeout: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            if ContinuousClock.now > deadline {
                Issue.record("timed out waiting for \(what); logs:\n\(logTails())")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func progress(_ run: RunRecord) async throws -> RunProgress {
        try #require(try await RunProgress.load(runId: run.runId, state: state))
    }

    func done(_ run: RunRecord, _ stage: Stage) async throws -> Int {
        try await progress(run).stages.first { $0.stage == stage.rawValue }!.done
    }

    func waitForCompletion(_ run: RunRecord, timeout: Duration = .seconds(180)) async throws {
        try await waitUntil("run \(run.runId) to complete", timeout: timeout) { try await progress(run).isComplete }
    }

    /// Every Redis key that names the run, with its remaining lifetime in seconds (-1: none), via SCAN — as the
    /// shared Redis' admin (`TestEnvironment.redisAdminURL`): TTL is not a command the pipeline's ACL user may send.
    func runKeys(_ run: RunRecord) async throws -> [String: Int] {
        let admin = RedisClient(url: TestEnvironment.redisAdminURL, logger: TestEnvironment.logger)
        return try await withRunningClients([admin]) {
            var cursor = "0", ttls: [String: Int] = [:]
            repeat {
                let reply = try await admin.send(["SCAN", cursor, "MATCH", "df:*\(run.runId)*", "COUNT", "1000"]).array
                cursor = reply.first?.string ?? "0"
                for key in reply.last?.array.compactMap(\.string) ?? [] {
                    ttls[key] = Int(try await admin.send(["TTL", key]).int ?? -2)
                }
            } while cursor != "0"
            return ttls
        }
    }

    func logTails() -> String {
        processes.map { "== \($0.stage.rawValue) (pid \($0.pid), running \($0.isRunning))\n\($0.logTail(lines: 15))" }
            .joined(separator: "\n")
    }

    /// Stops every process gracefully and closes connections; removes the output folder when asked.
    func shutdown(removeOutput: Bool = true) async {
        processes.forEach { $0.terminate() }
        for process in processes where await process.waitForExit(timeout: .seconds(30)) == nil { process.kill9() }
        await clients.triggerGracefulShutdown()   // the publisher first, then Redis
        try? await running.value
        if removeOutput { try? FileManager.default.removeItem(at: out) }
    }

    /// Asserts the run's output is complete and holds every frame, QA pair and record exactly once.
    func checkExactlyOnce(_ run: RunRecord) throws {
        let exporter = DatasetExporter(layout: layout)
        let records = try exporter.records(runId: run.runId)
        #expect(records.count == run.movies, "one record per movie")
        #expect(Set(records.map(\.videoId)).count == run.movies)
        let expectedFrames = run.branching.framesPerMovie
        for record in records {
            let movie = MovieRef(runId: run.runId, movieId: record.videoId)
            let files = try FileManager.default.contentsOfDirectory(atPath: layout.framesDirectory(movie).path).sorted()
            #expect(files == (1...expectedFrames).map { String(format: "%04d.png", $0) }, "frames of \(movie) exactly once, in order")
            #expect(record.frames == expectedFrames)
            let questions = record.kept.map(\.question)
            #expect(Set(questions).count == questions.count, "no duplicated QA in \(movie)")
        }
        let dataset = layout.datasetDirectory(run.runId)
        let instruct = try JSONSerialization.jsonObject(with: Data(contentsOf: dataset.appendingPathComponent("videoinstruct.json"))) as! [[String: String]]
        #expect(instruct.count == records.reduce(0) { $0 + $1.kept.count }, "one dataset entry per kept QA")
        let pairs = instruct.map { "\($0["video_id"]!)|\($0["q"]!)" }
        #expect(Set(pairs).count == pairs.count, "no duplicate dataset entries")
        #expect(instruct.allSatisfy { $0.keys.sorted() == ["a", "q", "video_id"] })
    }
}
