import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

/// The real stage executables on a three-node RabbitMQ cluster (``ClusterServices``), given every node's URL: a node
/// killed with SIGKILL mid-run costs nothing. Serialized: the tests share the cluster's stage queues.
@Suite("Broker failover on a three-node cluster", .serialized, .cluster)
struct ClusterFailoverTests {
    static let movies = 2
    static let branching = Branching(substories: 2, tinystories: 2, keyframes: 4)
    /// The node the test kills: the first URL of every client's list, so every stage starts on it.
    static let victim = 0
    /// A node that stays up, to ask the cluster about itself.
    static let survivor = 2

    @Test("every quorum queue of the topology has a replica on each of the three nodes")
    func replicas() async throws {
        let cluster = try #require(ClusterServices.current)
        let members = try await cluster.queueMembers(via: Self.survivor)
        for queue in TestEnvironment.topology.definitions.queues {
            #expect(Set(members[queue.name] ?? []) == Set(cluster.nodes.map(\.name)), "\(queue.name): \(members[queue.name] ?? [])")
        }
    }

    @Test("kill -9 the node every stage is connected to, mid-run: the run ends with the clean run's dataset, nothing lost, duplicated or dead-lettered")
    func killNodeMidRun() async throws {
        let cluster = try #require(ClusterServices.current)
        // Separate Redis databases: the second run learns its styles too (a handler that runs for seconds, so one is
        // in flight when the node dies) instead of taking them from the first run's cache.
        let cleanStart = ContinuousClock.now
        let clean = try await Self.run(on: cluster, redisDB: 0, timeout: .seconds(180)) { _, _ in }
        let cleanDuration = ContinuousClock.now - cleanStart
        // The faulted run's bound scales with the clean run's time on this machine (CI ran the suite ~3x slower than
        // a quiet 2-core box, and a fixed 90 s expired while the run was still moving): a hang still fails it.
        let faulted = try await Self.run(on: cluster, redisDB: 1,
                                         timeout: .seconds(120) + cleanDuration * 4) { harness, run in
            try await harness.waitUntil("stories being expanded") { try await harness.done(run, .storyExpander) >= 1 }
            let victimPort = cluster.nodes[Self.victim].amqpPort
            let onVictim = try await cluster.connectionPorts(via: Self.survivor).filter { $0 == victimPort }.count
            // The harness's publisher is one connection; every stage process has a consumer and a publisher.
            #expect(onVictim > 1, "stages are connected to the node about to die (\(onVictim) connections)")
            try await cluster.kill9(node: Self.victim)
            let progress = try await harness.progress(run)
            #expect(progress.moviesDone < Self.movies, "killed mid-run: \(progress.stages.map { "\($0.stage) \($0.done)/\($0.total)" })")
        }
        #expect(clean.frames.count == Self.movies * Self.branching.framesPerMovie)
        #expect(faulted.frames == clean.frames, "every frame, byte for byte (sha256)")
        #expect(faulted.records == clean.records, "every movie's record.json")
        #expect(faulted.entries == clean.entries, "the same dataset entries, each once")
    }

    /// Runs the batch with the real stage executables on every node's URL, calls `fault` once the run is submitted,
    /// waits for it to finish, checks it holds everything exactly once with no dead letters and every stage still
    /// running, and returns what it made.
    static func run(on cluster: ClusterServices, redisDB: Int, timeout: Duration,
                    fault: (PipelineHarness, RunRecord) async throws -> Void) async throws -> DatasetDigest {
        let harness = try await PipelineHarness(brokerURLs: cluster.brokerURLs, redisURL: cluster.redisURL(db: redisDB))
        do {
            // The style trainer learns at the built-in learner's full 300 steps (the harness's 40 finish a style in
            // well under a second, and with it the whole run before the node can be killed mid-run).
            for stage in Stage.allCases {
                try harness.start(stage, copies: stage == .frameRenderer ? 2 : 1,
                                  environment: stage == .styleTrainer ? ["DREAMFRAME_STYLE_STEPS": "300"] : [:])
            }
            let run = try await harness.submit(movies: movies, branching: branching, seed: 11)
            let started = ContinuousClock.now
            try await fault(harness, run)
            try await harness.waitForCompletion(run, timeout: timeout)
            print("cluster run \(run.runId) (redis db \(redisDB)) complete after \(ContinuousClock.now - started)")
            try harness.checkExactlyOnce(run)
            let stopped = harness.processes.filter { !$0.isRunning }.map(\.stage.rawValue)
            #expect(stopped.isEmpty, "no stage died of the broker: \(stopped)\n\(harness.logTails())")
            let survivor = try AMQPURL(cluster.nodes[Self.survivor].url)
            let letters = try await DeadLetterReplayer(broker: AMQPEndpoints(survivor), topology: TestEnvironment.topology)
                .list(DeadLetterFilter(runId: run.runId))
            #expect(letters.isEmpty, "nothing dead-lettered: \(letters.map(\.reason))")
            let digest = try await DatasetDigest(harness.layout, run: run)
            await harness.shutdown()
            return digest
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
    }
}

/// What a run made, independent of its run id: frame hashes, records and dataset entries per movie.
struct DatasetDigest: Sendable {
    /// `movie-0001/0001.png` → sha256.
    var frames: [String: String] = [:]
    /// Movie id → its `record.json` with the run id left out.
    var records: [String: String] = [:]
    /// Every `videoinstruct.json` entry as `video|q|a`, sorted (a duplicate shows up twice).
    var entries: [String] = []

    init(_ layout: OutputLayout, run: RunRecord) async throws {
        var files: [String: String] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for var record in try DatasetExporter(layout: layout).records(runId: run.runId) {
            let movie = MovieRef(runId: run.runId, movieId: record.videoId)
            for file in try FileManager.default.contentsOfDirectory(atPath: layout.framesDirectory(movie).path) {
                files[layout.framesDirectory(movie).appendingPathComponent(file).path] = "\(movie.movieId)/\(file)"
            }
            record.runId = ""
            records[movie.movieId] = String(decoding: try encoder.encode(record), as: UTF8.self)
        }
        let (status, output) = try await ChildProcess.capture("/usr/bin/sha256sum", files.keys.sorted())
        #expect(status == 0, "sha256sum: \(output)")
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let name = files[parts[1].trimmingCharacters(in: .whitespaces)] else { continue }
            frames[name] = String(parts[0])
        }
        let dataset = layout.datasetDirectory(run.runId).appendingPathComponent("videoinstruct.json")
        let instruct = try JSONSerialization.jsonObject(with: Data(contentsOf: dataset)) as? [[String: String]] ?? []
        // A video_id starts with its run id (unique across runs); the rest must match between the two runs.
        entries = instruct.map { entry in
            let video = (entry["video_id"] ?? "").replacingOccurrences(of: "\(run.runId).", with: "")
            return "\(video)|\(entry["q"] ?? "")|\(entry["a"] ?? "")"
        }.sorted()
    }
}
