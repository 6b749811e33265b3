import Clients
import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import Testing
import TestSupport

@Suite("Fleet status, rates, ETA and a finished run's duration")
struct FleetStatusTests {
    static func worker(_ stage: Stage, host: String, pid: Int32, inFlight: Int = 0, rate: Double? = nil,
                       oldest: Double? = nil) -> WorkerReport {
        WorkerReport(token: "\(host)-\(pid)", stage: stage, host: host, pid: pid, startedAt: 0, seenAt: 0,
                     activity: .init(inFlight: inFlight, handled: 10, duplicates: 0, retried: 0, deadLettered: 0,
                                     outage: nil, outageSince: nil, oldestInFlightSince: oldest, handledPerSecond: rate))
    }

    static func queue(_ stage: Stage, dead: Int = 0) -> QueueMonitor.StageQueuesStatus {
        .init(stage: stage.rawValue, queue: "dreamframe.\(stage.rawValue)", ready: 1, unacked: nil, consumers: 2,
              retrying: 0, dead: dead)
    }

    @Test("Per stage: processes with hosts, summed rates and in-flight, the oldest held delivery; dead letters need a person")
    func assemble() throws {
        let workers = [Self.worker(.frameRenderer, host: "render-a", pid: 1, inFlight: 2, rate: 3.5, oldest: 90),
                       Self.worker(.frameRenderer, host: "render-b", pid: 2, inFlight: 1, rate: 1.5, oldest: 70),
                       Self.worker(.qaValidator, host: "render-a", pid: 3)]
        let status = FleetStatus(queues: [Self.queue(.frameRenderer), Self.queue(.qaValidator, dead: 2)], workers: workers,
                                 run: nil, now: 100)
        let renderer = try #require(status.stages.first { $0.stage == "frame-renderer" })
        #expect(renderer.hosts == ["render-a", "render-b"] && renderer.processes.count == 2)
        #expect(renderer.handledPerSecond == 5 && renderer.inFlight == 3 && renderer.oldestUnackedSeconds == 30)
        #expect(status.needsAttention && status.attention.count == 1 && status.attention[0].contains("2 dead letter(s) in qa-validator"))
        #expect(FleetStatus.frameRate(workers) == 5)
        #expect(FleetStatus.frameRate([Self.worker(.frameRenderer, host: "h", pid: 1)]) == nil)
        let calm = FleetStatus(queues: [Self.queue(.frameRenderer)], workers: [], run: nil, now: 100)
        #expect(!calm.needsAttention)
    }

    @Test("A run with stuck movies needs a person even without a dead letter (status exits 2)")
    func stuckAloneNeedsAttention() {
        var run = RunProgress(runId: "r1", movies: 2, moviesDone: 1, stages: [.init(stage: "frame-renderer", done: 5, total: 8)],
                              elapsedSeconds: 600, etaSeconds: nil, etaBasis: nil, finishedAt: nil, durationSeconds: nil,
                              movieStates: ["movie-0001": "done", "movie-0002": "rendering"])
        let queues = Stage.allCases.map { Self.queue($0) }
        #expect(!FleetStatus(queues: queues, workers: [], run: run, now: 700).needsAttention, "progressing: nothing to do")
        run.stuckMovies = 1
        let stuck = FleetStatus(queues: queues, workers: [], run: run, now: 700)
        #expect(stuck.needsAttention && stuck.attention == ["1 movie(s) of r1 without progress (dreamframe repair r1)"])
    }

    @Test("--json keeps its documented top-level keys")
    func jsonKeys() throws {
        let status = FleetStatus(queues: [Self.queue(.plotWriter)], workers: [Self.worker(.plotWriter, host: "h", pid: 1)],
                                 run: nil, now: 5)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONCoding.pretty(status)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "generatedAt", "stages", "attention"], "run is absent when nil: \(object.keys)")
        #expect(object["version"] as? Int == 1)
        let stage = try #require((object["stages"] as? [[String: Any]])?.first)
        #expect(Set(stage.keys).isSuperset(of: ["stage", "queue", "ready", "consumers", "retrying", "dead", "processes", "hosts",
                                               "handledPerSecond", "inFlight"]))
    }

    @Test("The rate window covers the last minute and forgets older samples")
    func rateWindow() {
        var window = RateWindow(span: 60)
        #expect(window.perSecond == nil)
        window.add(time: 0, count: 0)
        #expect(window.perSecond == nil)
        window.add(time: 10, count: 50)
        #expect(window.perSecond == 5)
        for t in stride(from: 20.0, through: 200, by: 10) { window.add(time: t, count: 50) }
        #expect(window.perSecond == 0, "nothing handled in the last minute")
        window.add(time: 210, count: 110)
        #expect(window.perSecond == 1, "60 more over the window that ends at 210")
    }

    @Test("ETA: from the fleet's rate when measured, else the run's average; none before a frame; 0 once done")
    func eta() {
        #expect(RunProgress.eta(finished: false, remainingFrames: 100, framesDone: 10, elapsed: 10, frameRate: 4)! == (25, "fleet-rate"))
        #expect(RunProgress.eta(finished: false, remainingFrames: 100, framesDone: 10, elapsed: 10, frameRate: 0)! == (100, "run-average"))
        #expect(RunProgress.eta(finished: false, remainingFrames: 100, framesDone: 0, elapsed: 10, frameRate: nil) == nil)
        #expect(RunProgress.eta(finished: true, remainingFrames: 0, framesDone: 10, elapsed: 10, frameRate: 4)! == (0, "done"))
    }

    @Test("A finished run's elapsed time stops at its last progress: its duration")
    func duration() async throws {
        let store = MemoryPipelineStore()
        let created = Date().timeIntervalSince1970 - 900
        let run = RunRecord(runId: "run-dur", movies: 1, seed: 1, branching: .small, themes: [], width: 32, height: 18,
                            styleImages: nil, createdAt: created)
        try await store.createRun(run, movieIds: ["movie-0001"])
        let movie = MovieRef(runId: "run-dur", movieId: "movie-0001")
        try await store.updateMovie(movie, [.progressAt: String(created + 26)])
        let running = try #require(try await RunProgress.load(runId: "run-dur", state: store, stale: 10_000))
        #expect(running.finishedAt == nil && running.durationSeconds == nil && running.elapsedSeconds >= 899)
        _ = try await store.advance(movie, to: .done, [:])
        try await store.updateMovie(movie, [.progressAt: String(created + 26)])
        let done = try #require(try await RunProgress.load(runId: "run-dur", state: store))
        #expect(done.isComplete && done.durationSeconds == 26 && done.elapsedSeconds == 26 && done.finishedAt == created + 26)
        #expect(done.etaSeconds == 0 && done.etaBasis == "done")
    }

    @Test("A stuck movie whose stored plot cannot be read is shown as not diagnosed; the status still answers")
    func undiagnosable() async throws {
        let store = MemoryPipelineStore()
        let run = RunRecord(runId: "run-old", movies: 1, seed: 1, branching: .small, themes: [], width: 32, height: 18,
                            styleImages: nil, createdAt: Date().timeIntervalSince1970 - 900)
        try await store.createRun(run, movieIds: ["movie-0001"])
        let movie = MovieRef(runId: "run-old", movieId: "movie-0001")
        _ = try await store.commitResult(Data("{\"written_by\":\"another version\"}".utf8), key: .plot, movie: movie)
        try await store.updateMovie(movie, [.progressAt: String(run.createdAt)])
        let layout = OutputLayout(root: try TestPaths.temporaryDirectory("undiagnosable").path)
        let progress = try #require(try await RunProgress.load(runId: "run-old", state: store, stale: 60, layout: layout))
        #expect(progress.stuckMovies == 1)
        #expect(progress.stuck.first?.diagnosis?.hasPrefix("not diagnosed: ") == true, "\(String(describing: progress.stuck.first))")
    }

    @Test("An idle movie whose stage still has messages in line is counted in line, not stuck; with that queue empty it is stuck")
    func inLineIsNotStuck() async throws {
        let store = MemoryPipelineStore()
        let run = RunRecord(runId: "run-line", movies: 2, seed: 1, branching: .small, themes: [], width: 32, height: 18,
                            styleImages: nil, createdAt: Date().timeIntervalSince1970 - 900)
        try await store.createRun(run, movieIds: ["movie-0001", "movie-0002"])
        let rendering = MovieRef(runId: "run-line", movieId: "movie-0001"), expanding = MovieRef(runId: "run-line", movieId: "movie-0002")
        try await store.updateMovie(rendering, [.state: MovieState.rendering.rawValue, .progressAt: String(run.createdAt)])
        try await store.updateMovie(expanding, [.state: MovieState.expanding.rawValue, .progressAt: String(run.createdAt)])
        let renderersBusy = try #require(try await RunProgress.load(runId: "run-line", state: store, stale: 60,
                                                                    backlog: [.frameRenderer: 5_000, .storyExpander: 0]))
        #expect(renderersBusy.moviesInLine == 1 && renderersBusy.stuckMovies == 1)
        #expect(renderersBusy.stuck.map(\.movieId) == ["movie-0002"], "the expander has nothing in line for it")
        #expect(renderersBusy.oldestUnfinishedProgressAt == run.createdAt && renderersBusy.oldestOutOfLineProgressAt == run.createdAt)
        let validating = try #require(try await RunProgress.load(runId: "run-line", state: store, stale: 60,
                                                                 backlog: [.qaValidator: 3, .storyExpander: 1]))
        #expect(validating.moviesInLine == 2 && validating.stuckMovies == 0)
        #expect(validating.oldestOutOfLineProgressAt == nil, "every unfinished movie waits in line")
        let drained = try #require(try await RunProgress.load(runId: "run-line", state: store, stale: 60))
        #expect(drained.moviesInLine == 0 && drained.stuckMovies == 2)
    }

    @Test("The in-flight clock knows the oldest running handler")
    func inFlightClock() {
        let clock = InFlightClock()
        #expect(clock.oldest == nil)
        let a = clock.begin(at: 10), b = clock.begin(at: 20)
        #expect(clock.oldest == 10)
        clock.end(a)
        #expect(clock.oldest == 20)
        clock.end(b)
        #expect(clock.oldest == nil)
    }
}
