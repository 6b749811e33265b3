import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// Stuck movies repaired against the real broker and Redis with the real stage executables: state is lost as a
/// Redis crash loses it (`appendfsync everysec`), the run stalls with nothing left in any queue, and `dreamframe
/// repair` (or the periodic repair inside a stage process) finishes it with the same output as a clean run.
@Suite("Repair against the real broker and Redis", .serialized)
struct RepairIntegrationTests {
    let branching = Branching(substories: 2, tinystories: 2, keyframes: 2)

    /// A clean run of `movies` movies with `seed` through every stage; returns its output, then stops the stages.
    private func cleanRun(_ harness: RepairHarness, movies: Int, seed: UInt64) async throws -> [[String: Data]] {
        for stage in Stage.allCases { try harness.start(stage) }
        let run = try await harness.submit(movies: movies, branching: branching, seed: seed)
        try await harness.waitUntil("the clean run") { try await harness.isComplete(run) }
        await harness.stopAll()
        return try harness.output(run)
    }

    @Test("dreamframe repair finishes a run after Redis lost a plot and a style embedding")
    func cliRepair() async throws {
        let harness = try await RepairHarness.start()
        do {
            let clean = try await cleanRun(harness, movies: 2, seed: 31)
            let failFast = ["--repair-every", "0", "--max-attempts", "1"]
            try harness.start(.plotWriter, failFast)
            let run = try await harness.submit(movies: 2, branching: branching, seed: 31)
            let (first, second) = (harness.movie(run, 0), harness.movie(run, 1))
            try await harness.waitUntil("plots written") {
                try await harness.marked(first, .plotWriter) + harness.marked(second, .plotWriter) == 2
            }
            // Redis loses the first movie's plot and what the plot writer wrote after it (its substory messages
            // were already published).
            _ = try await harness.redis.pipeline([
                ["HDEL", PipelineKeys.story(first), "plot"], ["SETBIT", PipelineKeys.progress(first, .plotWriter), "0", "0"],
                ["HDEL", PipelineKeys.handled(first), MessageId.writePlot(first)], ["HDEL", PipelineKeys.movie(first), "state"],
            ])
            try harness.start(.storyExpander, failFast)
            try harness.start(.styleTrainer, failFast)
            try await harness.waitUntil("the second movie's renders released, the first movie's assembly given up") {
                let released = try await harness.marked(second, .styleTrainer) == 1
                let gaveUp = try await harness.queues().dead[.storyExpander] == 1
                return released && gaveUp
            }
            // Redis loses the second movie's style embedding.
            let styleId = try #require(try await harness.state.movieFields(second)[MovieField.styleId.rawValue])
            try await harness.redis.send(["DEL", PipelineKeys.style(styleId)])
            try harness.start(.frameRenderer, failFast)
            try harness.start(.qaValidator, failFast)
            try await harness.waitUntil("every render of the second movie given up") {
                try await harness.queues().dead[.frameRenderer] == branching.framesPerMovie
            }
            // Stalled: nothing waits in any queue, neither movie is done.
            try await harness.waitUntil("nothing in flight") { try await harness.queues().waiting == 0 }
            #expect(try await harness.movieState(first) == nil)
            #expect(try await harness.movieState(second) == MovieState.rendering.rawValue)

            let status = try await harness.cli(["status", run.runId, "--stale", "0", "--management-url", "http://127.0.0.1:9"])
            #expect(status.output.contains("stuck: 2 movie(s)"), "\(status.output)")
            #expect(status.output.contains("\(first.movieId) [queued]") && status.output.contains("no plot result"))
            #expect(status.output.contains("style \(styleId) not ready for the movie"), "\(status.output)")
            let dry = try await harness.cli(["repair", run.runId, "--stale", "0", "--dry-run"])
            #expect(dry.status == 0 && dry.output.contains("would republish 1: \(MessageId.writePlot(first))"), "\(dry.output)")
            #expect(try await harness.queues().waiting == 0, "a dry run publishes nothing")

            let repaired = try await harness.cli(["repair", run.runId, "--stale", "0", "--json"])
            #expect(repaired.status == 0, "\(repaired.output)")
            let report = try JSONDecoder().decode(RepairReport.self, from: Data(repaired.output.utf8))
            let sent = Dictionary(uniqueKeysWithValues: report.stuck.map { ($0.movieId, $0.messages) })
            #expect(sent[first.movieId] == [MessageId.writePlot(first)])
            #expect(sent[second.movieId] == [MessageId.learnStyle(second)])
            try await harness.waitUntil("the plot written again and the second movie done") {
                let written = try await harness.marked(first, .plotWriter) == 1
                let done = try await harness.movieState(second) == MovieState.done.rawValue
                return written && done
            }
            // The plot is back; the story fan-in's owner (dead-lettered) assembles the story now.
            let again = try await harness.cli(["repair", run.runId, "--stale", "0"])
            #expect(again.status == 0 && again.output.contains("\(first.movieId) ["), "\(again.output)")
            #expect(again.output.contains("republished 1: \(first)/s"), "\(again.output)")
            try await harness.waitUntil("the run to complete") { try await harness.isComplete(run) }
            let output = try harness.output(run)
            #expect(output.map { $0.keys.sorted() } == clean.map { $0.keys.sorted() })
            #expect(output == clean, "frames, stories and records identical to a clean run's")
        } catch {
            await harness.shutdown(keepOutput: true)
            throw error
        }
        await harness.shutdown()
    }

    @Test("a movie idle only because its frames wait in the renderers' queue is not republished; the run then finishes with no duplicate")
    func waitingInLineIsNotStuck() async throws {
        let harness = try await RepairHarness.start()
        do {
            for stage in [Stage.plotWriter, .storyExpander, .styleTrainer] { try harness.start(stage) }
            let run = try await harness.submit(movies: 1, branching: branching, seed: 41)
            let movie = harness.movie(run, 0)
            // No renderer yet: the movie's frames wait in line and it makes no progress.
            try await harness.waitUntil("every frame queued") {
                try await harness.queues().waiting == branching.framesPerMovie
            }
            let repair = try await harness.cli(["repair", run.runId, "--stale", "0", "--json"])
            #expect(repair.status == 0, "\(repair.output)")
            let report = try JSONDecoder().decode(RepairReport.self, from: Data(repair.output.utf8))
            #expect(report.moviesInLine == 1 && report.stuck.isEmpty, "in line, not diagnosed: \(repair.output)")
            #expect(report.published == 0)
            #expect(try await harness.queues().waiting == branching.framesPerMovie, "no duplicate joined the queue")
            // The backlog as the repair reads it counts the frames; as status, wait and the run gauges read it, a
            // queue nobody consumes holds nothing in line (with no renderer the movie is stuck, not waiting its turn).
            let monitor = QueueMonitor(broker: AMQPEndpoints(harness.brokerURL), topology: TestPaths.topology,
                                       managementURL: nil)
            #expect(try await monitor.backlog()[.frameRenderer] == branching.framesPerMovie)
            #expect(try await monitor.backlog(workedOnly: true)[.frameRenderer] == 0)
            #expect(try await monitor.backlog(workedOnly: true)[.styleTrainer] == 0, "consumed, and empty")
            try harness.start(.frameRenderer)
            try harness.start(.qaValidator)
            try await harness.waitUntil("the run to complete") { try await harness.isComplete(run) }
            #expect(try await harness.movieState(movie) == MovieState.done.rawValue)
            #expect(try await harness.queues().waiting == 0)
        } catch {
            await harness.shutdown(keepOutput: true)
            throw error
        }
        await harness.shutdown()
    }

    @Test("bad repair flags name the flag and exit with the usage code")
    func badFlags() async throws {
        let bin = StageProcess.defaultBinDirectory()
        let cases: [(String, [String], String)] = [
            ("dreamframe", ["repair", "--stale=-1"], "--stale"), ("dreamframe", ["repair", "--stale", "soon"], "--stale"),
            ("dreamframe", ["status", "--stale=-2"], "--stale"),
            ("frame-renderer", ["--repair-every=-5"], "--repair-every"), ("qa-validator", ["--repair-stale", "0"], "--repair-stale"),
            ("plot-writer", ["--run-metrics-every", "0"], "--run-metrics-every"),
        ]
        for (program, arguments, flag) in cases {
            let (status, output) = try await ChildProcess.capture(bin.appendingPathComponent(program).path, arguments)
            #expect(status == 64, "\(program) \(arguments): exit \(status): \(output)")
            #expect(output.contains(flag), "\(program) \(arguments): \(output)")
        }
    }

    @Test("the periodic repair in one stage process finishes movies whose frame marks and validation were lost")
    func periodicRepair() async throws {
        let harness = try await RepairHarness.start()
        do {
            let clean = try await cleanRun(harness, movies: 2, seed: 57)
            for stage in [Stage.plotWriter, .storyExpander, .styleTrainer, .frameRenderer] { try harness.start(stage) }
            let run = try await harness.submit(movies: 2, branching: branching, seed: 57)
            let (first, second) = (harness.movie(run, 0), harness.movie(run, 1))
            try await harness.waitUntil("every frame rendered") {
                try await harness.marked(first, .frameRenderer) + harness.marked(second, .frameRenderer)
                    == 2 * branching.framesPerMovie
            }
            // Redis loses the first movie's marks of frames 1-3 and its fan-in claim, so the renderer that
            // completed the fan-in saw it incomplete on redelivery: no validation is ever sent for either movie.
            var lost: [[String]] = (0..<3).flatMap { unit in [
                ["SETBIT", PipelineKeys.progress(first, .frameRenderer), String(unit), "0"],
                ["HDEL", PipelineKeys.handled(first), MessageId.renderFrame(first, index: unit + 1)],
            ] }
            lost.append(["DEL", PipelineKeys.fanIn(first, .frameRenderer)])
            _ = try await harness.redis.pipeline(lost)
            try await harness.waitUntil("both validations queued") { try await harness.queues().waiting == 2 }
            try await harness.purge(.qaValidator)
            #expect(try await harness.queues().waiting == 0, "stalled: nothing waits in any queue")

            let validators = try (0..<2).map { _ in
                try harness.start(.qaValidator, ["--repair-every", "1", "--repair-stale", "2"])
            }
            try await harness.waitUntil("the run to complete") { try await harness.isComplete(run) }
            #expect(try await harness.marked(first, .frameRenderer) == branching.framesPerMovie, "the lost marks restored")
            let holder = try #require(try await harness.redis.send(["GET", PipelineKeys.repairLease]).string)
            let scanners = validators.filter { $0.logTail(lines: 500).contains("stuck movie") }
            #expect(scanners.count == 1, "exactly one process repaired")
            #expect(scanners.allSatisfy { holder.contains("-\($0.pid)-") }, "the lease holder \(holder)")

            // Later Redis loses the second movie's done state: the record is on disk, the run incomplete again.
            _ = try await harness.redis.pipeline([
                ["HDEL", PipelineKeys.movie(second), "state"], ["SETBIT", PipelineKeys.progress(second, .qaValidator), "0", "0"],
                ["HDEL", PipelineKeys.handled(second), MessageId.validateMovie(second)],
            ])
            #expect(try await harness.isComplete(run) == false)
            try await harness.waitUntil("the run to complete again") { try await harness.isComplete(run) }
            #expect(try harness.output(run) == clean, "frames, stories and records identical to a clean run's")
            for validator in validators {
                validator.terminate()
                #expect(await validator.waitForExit(timeout: .seconds(30)) == 0, "the repair does not hold up SIGTERM")
            }
        } catch {
            await harness.shutdown(keepOutput: true)
            throw error
        }
        await harness.shutdown()
    }
}
