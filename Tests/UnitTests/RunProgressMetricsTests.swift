import Foundation
import Synchronization
import Clients
import Models
import Monitoring
@testable import Pipeline
import Testing
import TestSupport

@Suite("Run progress gauges")
struct RunProgressMetricsTests {
    private func movie(_ id: String, run: String = "r1") -> MovieRef { MovieRef(runId: run, movieId: id) }

    private func gauge(_ registry: MetricsRegistry, _ name: String, run: String = "r1") -> Double? {
        PrometheusText.value(registry.exposition(), name, ["run": run])
    }

    @Test("a run's movies and frames, in all and done, its start and its least recent progress; gone when done long ago")
    func runLifecycle() async throws {
        let store = MemoryPipelineStore()
        let registry = MetricsRegistry()
        let metrics = RunProgressMetrics(state: store, keepFinished: 3600, logger: TestPaths.quietLogger,
                                         factory: registry.factory)
        let branching = Branching.small
        try await store.createRun(RunRecord(runId: "r1", movies: 2, seed: 1, branching: branching, themes: [], width: 32,
                                            height: 18, styleImages: nil, createdAt: 1000), movieIds: ["m0", "m1"])
        try await store.createRun(RunRecord(runId: "r2", movies: 1, seed: 1, branching: branching, themes: [], width: 32,
                                            height: 18, styleImages: nil, createdAt: 1100), movieIds: ["m0"])
        for index in 0..<3 { try await store.markProgress(.frameRenderer, index: index, movie: movie("m0")) }
        try await store.updateMovie(movie("m0"), [.progressAt: "1500"])
        try await store.updateMovie(movie("m1"), [.progressAt: "1200"])
        try await store.updateMovie(movie("m0", run: "r2"), [.progressAt: "1300"])

        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, "dreamframe_run_movies") == 2)
        #expect(gauge(registry, "dreamframe_run_movies_done") == 0)
        #expect(gauge(registry, "dreamframe_run_frames") == Double(2 * branching.framesPerMovie))
        #expect(gauge(registry, "dreamframe_run_frames_done") == 3)
        #expect(gauge(registry, "dreamframe_run_started_timestamp_seconds") == 1000)
        #expect(gauge(registry, "dreamframe_run_oldest_movie_progress_timestamp_seconds") == 1200, "m1 progressed least recently")
        #expect(gauge(registry, "dreamframe_run_movies", run: "r2") == 1)

        for id in ["m0", "m1"] {
            try await store.markProgress(.qaValidator, index: 0, movie: movie(id))
            _ = try await store.advance(movie(id), to: .done, [:])
            try await store.updateMovie(movie(id), [.progressAt: "1900"])
        }
        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, "dreamframe_run_movies_done") == 2)
        #expect(gauge(registry, "dreamframe_run_oldest_movie_progress_timestamp_seconds") == nil,
                "no unfinished movie: the series is gone, so no alert can see an old timestamp")
        #expect(gauge(registry, "dreamframe_run_frames_done") == 3, "a finished run keeps its figures")

        try await metrics.refresh(now: 1900 + 3601)
        #expect(gauge(registry, "dreamframe_run_movies") == nil, "finished more than keepFinished ago: no longer exported")
        #expect(gauge(registry, "dreamframe_run_movies", run: "r2") == 1, "an unfinished run stays, however old")
    }

    @Test("the least recent progress leaves out movies waiting in line; with the backlog unreadable, nobody waits")
    func movieInLineIsNotWithoutProgress() async throws {
        let store = MemoryPipelineStore()
        let registry = MetricsRegistry()
        let backlog = Mutex<Result<[Stage: Int], any Error>>(.success([.frameRenderer: 900]))
        let metrics = RunProgressMetrics(state: store, backlog: { try backlog.withLock { try $0.get() } },
                                         logger: TestPaths.quietLogger, factory: registry.factory)
        try await store.createRun(RunRecord(runId: "r1", movies: 2, seed: 1, branching: .small, themes: [], width: 32,
                                            height: 18, styleImages: nil, createdAt: 1000), movieIds: ["m0", "m1"])
        try await store.updateMovie(movie("m0"), [.state: MovieState.rendering.rawValue, .progressAt: "1100"])
        try await store.updateMovie(movie("m1"), [.state: MovieState.expanding.rawValue, .progressAt: "1700"])
        let name = "dreamframe_run_oldest_movie_progress_timestamp_seconds"

        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, name) == 1700, "m0's frames wait in the renderers' queue: m1 is the oldest out of line")
        backlog.withLock { $0 = .success([.frameRenderer: 900, .storyExpander: 4]) }
        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, name) == 2000, "both wait in line: no movie is without progress as of now")
        backlog.withLock { $0 = .success([:]) }
        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, name) == 1100, "the queues drained: m0 is without progress since 1100")
        backlog.withLock { $0 = .failure(BrokerError.connection("test: broker down")) }
        try await metrics.refresh(now: 2000)
        #expect(gauge(registry, name) == 1100, "the broker unreadable: an alert too many rather than one missed")
    }
}
