import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore
import ServiceLifecycle
import TestSupport

/// The real stage executables and the real `dreamframe` CLI over a RabbitMQ and a Redis of the test's own
/// (``IsolatedServices``), so the test may delete keys and purge queues as a crash would without touching the shared
/// services other tests use.
final class RepairHarness: @unchecked Sendable {
    let services: IsolatedServices
    let out: URL
    let layout: OutputLayout
    let redis: RedisClient
    let state: RedisPipelineStore
    let publisher: AMQPPublisher
    let brokerURL: AMQPURL
    let environment: [String: String]
    private let clients: ServiceGroup
    private let running: Task<Void, any Error>
    private(set) var processes: [StageProcess] = []

    /// Starts the services, then the harness's own Redis and publisher connections.
    static func start() async throws -> RepairHarness {
        let services = try IsolatedServices()
        try await services.up()
        return try RepairHarness(services: services)
    }

    private init(services: IsolatedServices) throws {
        self.services = services
        out = try TestPaths.temporaryDirectory("df-repair-out")
        layout = OutputLayout(root: out.path)
        brokerURL = try services.brokerURL
        redis = RedisClient(url: try services.redisURL, logger: TestPaths.quietLogger)
        state = RedisPipelineStore(redis: redis)
        publisher = AMQPPublisher(url: brokerURL, logger: TestPaths.quietLogger)
        clients = ServiceGroup(configuration: .init(services: [redis, publisher], logger: TestPaths.quietLogger))
        environment = [
            "DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(services.amqpPort)/%2F",
            "DREAMFRAME_REDIS_URL": services.redisURLText,
            "DREAMFRAME_TOPOLOGY": TestPaths.topology.source, "DREAMFRAME_OUT": out.path, "DREAMFRAME_LOG_LEVEL": "info",
        ]
        running = Task { [clients] in try await clients.run() }
    }

    /// Starts one process of `stage` (the periodic repair off unless `arguments` turn it on).
    @discardableResult
    func start(_ stage: Stage, _ arguments: [String] = ["--repair-every", "0"]) throws -> StageProcess {
        let process = try StageProcess(stage: stage, arguments: arguments, environment: environment,
                                       logFile: out.appendingPathComponent("logs/\(stage.rawValue)-\(processes.count + 1).log"))
        processes.append(process)
        return process
    }

    /// Stops every stage process gracefully.
    func stopAll() async {
        processes.forEach { $0.terminate() }
        for process in processes where await process.waitForExit(timeout: .seconds(30)) == nil { process.kill9() }
        processes.removeAll()
    }

    func submit(movies: Int, branching: Branching, seed: UInt64) async throws -> RunRecord {
        let record = RunRecord(runId: RunSubmitter.newRunId(), movies: movies, seed: seed, branching: branching,
                               themes: [], width: 96, height: 54, styleImages: nil, createdAt: Date().timeIntervalSince1970)
        try await RunSubmitter(state: state, publisher: publisher, topology: TestPaths.topology).submit(record)
        return record
    }

    func movie(_ run: RunRecord, _ index: Int) -> MovieRef {
        MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(index))
    }

    /// Units of `stage` marked for a movie.
    func marked(_ movie: MovieRef, _ stage: Stage) async throws -> Int {
        Int(try await redis.send(["BITCOUNT", PipelineKeys.progress(movie, stage)]).int ?? 0)
    }

    func movieState(_ movie: MovieRef) async throws -> String? {
        try await state.movieFields(movie)[MovieField.state.rawValue]
    }

    func isComplete(_ run: RunRecord) async throws -> Bool {
        try await RunProgress.load(runId: run.runId, state: state)?.isComplete ?? false
    }

    /// Ready messages per queue, for every work and delay queue of every stage; and the dead letters per stage.
    func queues() async throws -> (waiting: Int, dead: [Stage: Int]) {
        try await BlockingWork.run { [brokerURL] in
            let admin = try AMQPAdmin(url: brokerURL)
            defer { admin.close() }
            var waiting = 0
            var dead: [Stage: Int] = [:]
            for stage in Stage.allCases {
                let q = TestPaths.topology.queues(for: stage)
                for queue in [q.workQueue] + q.retries.map(\.queue) { waiting += try admin.stats(queue)?.messages ?? 0 }
                dead[stage] = try admin.stats(q.deadQueue)?.messages ?? 0
            }
            return (waiting, dead)
        }
    }

    /// Empties a stage's work queue (messages a crash kept from ever being published).
    func purge(_ stage: Stage) async throws {
        _ = try await BlockingWork.run { [brokerURL] in
            let admin = try AMQPAdmin(url: brokerURL)
            defer { admin.close() }
            return try admin.purge(TestPaths.topology.queues(for: stage).workQueue)
        }
    }

    /// Runs the real `dreamframe` with this harness's services and output folder.
    func cli(_ arguments: [String]) async throws -> CLI.Result {
        try await CLI.run(arguments, environment: environment)
    }

    /// Waits until `condition` holds, checking every 50 ms; fails the test with `what` after `timeout`.
    func waitUntil(_ what: String, timeout: Duration = .seconds(180), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            if ContinuousClock.now > deadline {
                Issue.record("timed out waiting for \(what); logs:\n\(logTails())")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func logTails() -> String {
        processes.map { "== \($0.stage.rawValue) (pid \($0.pid))\n\($0.logTail(lines: 12))" }.joined(separator: "\n")
    }

    /// A run's output per movie index, without the run id: every frame's bytes, story.json and record.json.
    func output(_ run: RunRecord) throws -> [[String: Data]] {
        try (0..<run.movies).map { index in
            let movie = movie(run, index)
            var files: [String: Data] = [:]
            let frames = layout.framesDirectory(movie)
            for name in try FileManager.default.contentsOfDirectory(atPath: frames.path) where !name.hasPrefix(".") {
                files["frames/\(name)"] = try Data(contentsOf: frames.appendingPathComponent(name))
            }
            for (name, url) in [("story.json", layout.story(movie)), ("record.json", layout.record(movie))] {
                var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
                json["run_id"] = nil
                files[name] = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            }
            return files
        }
    }

    /// Stops the processes and connections, stops the services and removes their data (and the output unless a
    /// failure wants it kept).
    func shutdown(keepOutput: Bool = false) async {
        await stopAll()
        await clients.triggerGracefulShutdown()
        try? await running.value
        try? await services.down(["--wipe"])
        if !keepOutput { try? FileManager.default.removeItem(at: out) }
    }
}
