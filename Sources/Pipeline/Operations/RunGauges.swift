import Foundation
import Metrics
import Synchronization

/// The per-run gauges (labelled `run`) a stage process exports, so a dashboard can draw each run's progress and
/// estimate its end: movies and frames in all and done, when it started, and when its least recently progressed
/// unfinished movie not waiting in line last progressed. A run no longer exported loses its series.
final class RunGauges: Sendable {
    /// The gauges' names.
    enum Name: String, CaseIterable {
        case movies = "dreamframe_run_movies"
        case moviesDone = "dreamframe_run_movies_done"
        case frames = "dreamframe_run_frames"
        case framesDone = "dreamframe_run_frames_done"
        case started = "dreamframe_run_started_timestamp_seconds"
        case oldestProgress = "dreamframe_run_oldest_movie_progress_timestamp_seconds"
    }

    /// One run's figures.
    struct Figures: Sendable, Equatable {
        var movies: Int
        var moviesDone: Int
        var frames: Int
        var framesDone: Int
        var startedAt: Double
        /// When the unfinished movie that progressed least recently, among those not waiting in a stage's queue, last
        /// progressed (now when every unfinished movie waits in line); nil once every movie is done.
        var oldestOutOfLineProgressAt: Double?
    }

    private let factory: any MetricsFactory
    private let meters = Mutex<[String: [Name: Meter]]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The runs exported now.
    var runs: Set<String> { Set(meters.withLock { $0.keys }) }

    /// Sets `run`'s gauges to `figures`.
    func set(_ run: String, _ figures: Figures) {
        var values: [Name: Double] = [
            .movies: Double(figures.movies), .moviesDone: Double(figures.moviesDone), .frames: Double(figures.frames),
            .framesDone: Double(figures.framesDone), .started: figures.startedAt,
        ]
        values[.oldestProgress] = figures.oldestOutOfLineProgressAt
        let stale: [Meter] = meters.withLock { all in
            var own = all[run] ?? [:]
            for (name, value) in values {
                let meter = own[name] ?? Meter(label: name.rawValue, dimensions: [("run", run)], factory: factory)
                meter.set(value)
                own[name] = meter
            }
            let gone = own.keys.filter { values[$0] == nil }
            defer { all[run] = own.filter { values[$0.key] != nil } }
            return gone.compactMap { own[$0] }
        }
        stale.forEach { $0.destroy() }
    }

    /// Drops the series of every run but `keep`.
    func retain(only keep: Set<String>) {
        let dropped: [Meter] = meters.withLock { all in
            let gone = all.keys.filter { !keep.contains($0) }
            defer { gone.forEach { all[$0] = nil } }
            return gone.flatMap { all[$0]?.values.map { $0 } ?? [] }
        }
        dropped.forEach { $0.destroy() }
    }
}
