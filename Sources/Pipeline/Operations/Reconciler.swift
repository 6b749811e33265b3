import Clients
import DreamFrameCore
import Foundation
import Models

/// Finds movies that stopped making progress and republishes exactly the messages whose effects were lost (Redis
/// runs with `appendfsync everysec`: a crash loses up to a second of acknowledged writes, which can leave a movie
/// waiting for ever with no error and no dead letter).
///
/// For each stuck movie it asks ``MovieRepair`` what is missing, marks again the frames whose files are on disk,
/// forgets the done-marks of the messages it is about to send (their effects are missing, so the marks are stale),
/// publishes them with confirms, and records the repair on the movie. A movie repaired `maxRepairs` times without
/// any progress in between is left alone and reported: what keeps failing needs a person.
///
/// Idle is not lost while the stage the messages go to still has a queue: at paper scale the style trainer queues a
/// thousand movies' frames long before the renderers reach the last ones, and those movies sit idle for many minutes
/// with every message in line. Republishing them flooded the queue with duplicates (each one a delivery, a claim and
/// a drop), which made the backlog longer and more movies look stuck. So a stuck movie whose messages go to a stage
/// with messages ready or waiting to retry (``backlog``) is counted in line and left for a later pass without being
/// diagnosed; a lost message shows once its stage's queue has drained and the movie is still idle.
public struct Reconciler: Sendable {
    public let repair: MovieRepair
    public let publisher: any MessagePublisher
    public let topology: Topology
    /// Repairs of one movie without progress in between before giving up on it (nil: never give up).
    public let maxRepairs: Int?
    /// Messages queued per stage (ready in its work queue plus waiting in its delay queues), read once per pass
    /// before the first unfinished run; nil: repair without looking (tests of the repair alone).
    public let backlog: (@Sendable () async throws -> [Stage: Int])?

    public init(state: any PipelineStore, publisher: any MessagePublisher, topology: Topology, layout: OutputLayout,
                maxRepairs: Int? = 3, backlog: (@Sendable () async throws -> [Stage: Int])? = nil) {
        self.repair = MovieRepair(state: state, layout: layout)
        self.publisher = publisher
        self.topology = topology
        self.maxRepairs = maxRepairs
        self.backlog = backlog
    }

    var state: any PipelineStore { repair.state }

    /// Looks at every movie of `runIds` (all runs when nil) idle for `stale` seconds or more and repairs the stuck
    /// ones (or, with `dryRun`, only reports what it would send). `shouldContinue` is asked between movies (a
    /// periodic pass stops when it loses its lease or the process shuts down).
    ///
    /// The backlog is read once, before the first unfinished run's movies: a movie idle while a stage it waits on
    /// has messages in line is counted in line and not diagnosed at all (at a thousand movies, hundreds wait their
    /// turn for minutes, and reading each one's story and frame folder every pass cost the lease holder a core's
    /// worth of seconds and a hundred MiB).
    public func reconcile(runIds: [String]? = nil, stale: Double, dryRun: Bool = false,
                          now: Double = Date().timeIntervalSince1970,
                          shouldContinue: @Sendable () async -> Bool = { true }) async throws -> RepairReport {
        var report = RepairReport()
        var queued: [Stage: Int]?
        let all: [String]
        if let runIds { all = runIds } else { all = try await state.runIds() }
        for runId in all {
            report.runs += 1
            let run = try await state.run(runId)
            let movieIds = try await state.movieIds(runId)
            if try await state.stageCounts(runId, movieIds: movieIds)[.qaValidator] ?? 0 >= movieIds.count {
                report.moviesDone += movieIds.count
                continue
            }
            if queued == nil { queued = try await backlog?() ?? [:] }
            for (index, movieId) in movieIds.enumerated() {
                guard await shouldContinue() else { return report }
                let diagnosis = try await repair.diagnose(MovieRef(runId: runId, movieId: movieId), run: run,
                                                          index: index, stale: stale, now: now, queued: queued ?? [:])
                switch diagnosis.status {
                case .done: report.moviesDone += 1
                case .active: report.moviesActive += 1
                case .inLine: report.moviesInLine += 1
                case .stuck:
                    let action = try await act(on: diagnosis, dryRun: dryRun, now: now, queued: queued ?? [:])
                    if action == .republished { report.published += diagnosis.messages.count }
                    report.stuck.append(RepairReport.StuckMovie(diagnosis, action: action))
                }
            }
        }
        return report
    }

    /// Republishes a stuck movie's missing messages, unless there are none, their stage still has messages
    /// `queued` (they may be among them), it is a dry run, or repairs gave up.
    private func act(on diagnosis: MovieDiagnosis, dryRun: Bool, now: Double,
                     queued: [Stage: Int]) async throws -> RepairReport.Action {
        guard !diagnosis.messages.isEmpty else { return .nothingToSend }
        if diagnosis.messages.contains(where: { (queued[$0.kind.stage] ?? 0) > 0 }) { return .queued }
        if let maxRepairs, diagnosis.repairsWithoutProgress >= maxRepairs { return .gaveUp }
        if dryRun { return .wouldRepublish }
        let movie = diagnosis.movie
        try await state.restoreProgress(.frameRenderer, indices: diagnosis.unmarkedFrames, movie: movie)
        try await state.forgetHandled(diagnosis.messages.map(\.id), movie: movie)
        try await publisher.publish(diagnosis.messages.map { try topology.outgoing($0) })
        try await state.updateMovie(movie, [.repairedAt: String(format: "%.3f", now),
                                            .repairs: String(diagnosis.repairsWithoutProgress + 1)])
        return .republished
    }
}
