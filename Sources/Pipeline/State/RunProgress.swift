import Models
import Clients
import DreamFrameCore
import Foundation

/// A run's progress per stage, computed from the movies' progress bitmaps.
public struct RunProgress: Sendable, Codable {
    public struct StageProgress: Sendable, Codable {
        public var stage: String
        public var done: Int
        public var total: Int
    }

    public var runId: String
    public var movies: Int
    public var moviesDone: Int
    public var stages: [StageProgress]
    /// Seconds from submission to now, or to the run's end once every movie is done (it stops counting then).
    public var elapsedSeconds: Double
    /// Seconds left at the measured frame rate, when it can be estimated (0 once done).
    public var etaSeconds: Double?
    /// What the ETA was computed from: `fleet-rate` (the frame renderers' rate over the last minute),
    /// `run-average` (the run's frames so far over its elapsed time), `done`, or nil when there is no estimate.
    public var etaBasis: String?
    /// When the last movie was done (Unix seconds); nil while any movie is unfinished.
    public var finishedAt: Double?
    /// From submission to ``finishedAt`` in seconds; nil while unfinished.
    public var durationSeconds: Double?
    /// Movie id → state (expanding, styling, waiting-for-style, rendering, done).
    public var movieStates: [String: String]
    /// Movies not done and without progress for longer than the staleness limit, whose stage has nothing in line.
    public var stuckMovies: Int = 0
    /// Movies as long without progress whose stage still has messages in line (the backlog given to ``load``): they
    /// wait their turn (at paper scale the last movies' frames are queued long before the renderers reach them).
    public var moviesInLine: Int = 0
    /// The first few of them, with what is missing when the output folder was given.
    public var stuck: [StuckMovie] = []
    /// The frames the run's movies expect in all (their stories' counts, else the branching's).
    public var framesExpected: Int = 0
    /// When the unfinished movie that progressed least recently last progressed (Unix seconds; nil when every
    /// movie is done).
    public var oldestUnfinishedProgressAt: Double?
    /// The same among unfinished movies not waiting in line (no stage they wait on has messages in the backlog
    /// given to ``load``); nil when every unfinished movie waits in line or every movie is done. What the
    /// `DreamFrameMovieWithoutProgress` alert watches: a movie waiting its turn is not without progress.
    public var oldestOutOfLineProgressAt: Double?
    /// When any movie of the run last progressed (Unix seconds).
    public var lastProgressAt: Double = 0

    /// A movie that made no progress for longer than the staleness limit.
    public struct StuckMovie: Sendable, Codable {
        public var movieId: String
        public var state: String
        public var idleSeconds: Double
        /// What `dreamframe repair` finds missing (nil: not diagnosed).
        public var diagnosis: String?
    }

    public var isComplete: Bool { movies > 0 && moviesDone == movies }

    /// Reads the run's progress in a few pipelined round trips. Movies idle for `stale` seconds are counted as
    /// stuck; the first `diagnosed` of them are diagnosed against the files under `layout` when it is given.
    /// `frameRate`, frames per second measured across the renderers (``FleetStatus``), estimates the ETA when given
    /// and positive; otherwise the run's own average rate does. `backlog`, messages in line per stage
    /// (``QueueMonitor/backlog()``), tells movies waiting their turn from stuck ones: an idle movie whose stage has
    /// messages in line is counted in ``moviesInLine``, not as stuck.
    public static func load(runId: String, state: any PipelineStore, stale: Double = 300, layout: OutputLayout? = nil,
                            diagnosed: Int = 5, frameRate: Double? = nil,
                            backlog: [Stage: Int] = [:]) async throws -> RunProgress? {
        guard let run = try await state.run(runId) else { return nil }
        let ids = try await state.movieIds(runId)
        let counts = try await state.stageCounts(runId, movieIds: ids)
        let now = Date().timeIntervalSince1970
        var states: [String: String] = [:]
        var expectedFrames = 0
        var stuck: [(index: Int, movie: StuckMovie)] = []
        var inLine = 0
        var oldestUnfinished: Double?
        var oldestOutOfLine: Double?
        var lastProgress = run.createdAt
        // The four fields it needs of every movie at once (a run of a thousand movies read one by one cost its
        // progress line a thousand round trips; every field of each, a thousand whole records parsed a poll).
        let allFields = try await state.movieFields(runId, movieIds: ids,
                                                    fields: [.state, .expectedFrames, .progressAt, .submittedAt])
        for (index, id) in ids.enumerated() {
            let fields = allFields[index]
            let movieState = fields[.state] ?? MovieState.queued.rawValue
            states[id] = movieState
            expectedFrames += Int(fields[.expectedFrames] ?? "") ?? run.branching.framesPerMovie
            let progressAt = Double(fields[.progressAt] ?? "") ?? Double(fields[.submittedAt] ?? "") ?? run.createdAt
            lastProgress = max(lastProgress, progressAt)
            guard movieState != MovieState.done.rawValue else { continue }
            oldestUnfinished = min(oldestUnfinished ?? progressAt, progressAt)
            let waitsInLine = MovieState.isInLine(MovieState(rawValue: movieState), queued: backlog)
            if !waitsInLine { oldestOutOfLine = min(oldestOutOfLine ?? progressAt, progressAt) }
            if now - progressAt > stale {
                if waitsInLine {
                    inLine += 1
                } else {
                    stuck.append((index, StuckMovie(movieId: id, state: movieState, idleSeconds: (now - progressAt).rounded())))
                }
            }
        }
        var shown = stuck.prefix(diagnosed).map(\.movie)
        if let layout {
            let repair = MovieRepair(state: state, layout: layout)
            for (i, entry) in stuck.prefix(diagnosed).enumerated() {
                do {
                    shown[i].diagnosis = try await repair.diagnose(MovieRef(runId: runId, movieId: entry.movie.movieId),
                                                                   run: run, index: entry.index, stale: 0, now: now).summary
                } catch where ErrorClassification.kind(of: error) != .outage {
                    // A movie whose stored state cannot be read (another version wrote it, or it is damaged) is shown
                    // as such: it must not take the whole status down with it.
                    shown[i].diagnosis = "not diagnosed: " + SafeText.line("\(error)", maxBytes: 300)
                }
            }
        }
        let totals: [Stage: Int] = [
            .plotWriter: ids.count, .storyExpander: ids.count * run.branching.tinystoriesPerMovie,
            .styleTrainer: ids.count, .frameRenderer: expectedFrames, .qaValidator: ids.count,
        ]
        let stages = Stage.allCases.map { StageProgress(stage: $0.rawValue, done: counts[$0] ?? 0, total: totals[$0] ?? 0) }
        // A movie is done when its state says so (the validator's progress bit is a counter beside it).
        let done = states.values.filter { $0 == MovieState.done.rawValue }.count
        let finished = !ids.isEmpty && done == ids.count
        let elapsed = max(0, (finished ? lastProgress : now) - run.createdAt)
        // Frames dominate the work: estimate from the measured frame rate.
        let framesDone = counts[.frameRenderer] ?? 0
        let estimate = Self.eta(finished: finished, remainingFrames: expectedFrames - framesDone, framesDone: framesDone,
                                elapsed: elapsed, frameRate: frameRate)
        return RunProgress(runId: runId, movies: ids.count, moviesDone: done, stages: stages, elapsedSeconds: elapsed,
                           etaSeconds: estimate?.seconds, etaBasis: estimate?.basis,
                           finishedAt: finished ? lastProgress : nil, durationSeconds: finished ? elapsed : nil,
                           movieStates: states, stuckMovies: stuck.count, moviesInLine: inLine, stuck: shown,
                           framesExpected: expectedFrames, oldestUnfinishedProgressAt: oldestUnfinished,
                           oldestOutOfLineProgressAt: oldestOutOfLine,
                           lastProgressAt: lastProgress)
    }

    /// Seconds left and what they were estimated from: the fleet's measured frame rate when known, else the run's
    /// own average so far; nil before any frame.
    static func eta(finished: Bool, remainingFrames: Int, framesDone: Int, elapsed: Double, frameRate: Double?)
        -> (seconds: Double, basis: String)? {
        if finished { return (0, "done") }
        if let frameRate, frameRate > 0 { return (Double(max(0, remainingFrames)) / frameRate, "fleet-rate") }
        guard framesDone > 0, elapsed > 0 else { return nil }
        return (Double(max(0, remainingFrames)) / (Double(framesDone) / elapsed), "run-average")
    }
}
