import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Exports every current run's progress as gauges (``RunGauges``), read from Redis every `interval`: a run while
/// it is unfinished, and for `keepFinished` after its last progress once it is done. Every stage process with a
/// metrics port runs it, so the figures survive any one process; dashboards take the maximum per run.
///
/// A finished run's figures are read once and kept (a movie's state only moves forward). A pass that meets an
/// outage is skipped (the gauges keep their last values); a graceful shutdown returns at once.
///
/// The oldest-progress gauge leaves out movies waiting in line (``RunProgress/oldestOutOfLineProgressAt``), read
/// against the stages' backlog once per pass with an unfinished run: at paper scale the last movies' frames wait in
/// the renderers' queue for many minutes, and the `DreamFrameMovieWithoutProgress` alert fired for a healthy run.
public final class RunProgressMetrics: Service, Sendable {
    let state: any PipelineStore
    let interval: Duration
    let keepFinished: Double
    let logger: Logger
    let gauges: RunGauges
    /// Messages in line per stage that someone works through (``QueueMonitor/backlog(workedOnly:)``); nil: no
    /// movie is taken to wait in line.
    let backlog: (@Sendable () async throws -> [Stage: Int])?
    private let finished = Mutex<[String: (figures: RunGauges.Figures, lastProgressAt: Double)]>([:])

    /// Exports the runs in `state` every `interval` (a finished one for `keepFinished` seconds after its last
    /// progress), through `factory` (by default the process's swift-metrics backend); `backlog` tells movies waiting
    /// in line from those without progress.
    public init(state: any PipelineStore, every interval: Duration = .seconds(10), keepFinished: Double = 3600,
                backlog: (@Sendable () async throws -> [Stage: Int])? = nil,
                logger: Logger, factory: any MetricsFactory = MetricsSystem.factory) {
        self.state = state
        self.backlog = backlog
        self.interval = interval
        self.keepFinished = keepFinished
        self.logger = logger
        gauges = RunGauges(factory: factory)
    }

    public func run() async {
        // Until the group shuts down (or the task is cancelled): swift-service-lifecycle cancels the loop then.
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        while !Task.isCancelled {
            do {
                try await refresh()
            } catch where !Task.isCancelled {
                logger.debug("run progress not read for metrics", metadata: ["error": "\(error)"])
            } catch {
                return
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// One pass: reads the progress of every run still exported and sets its gauges (`now`: Unix seconds).
    func refresh(now: Double = Date().timeIntervalSince1970) async throws {
        var exported: Set<String> = []
        var queued: [Stage: Int]?
        let runIds = try await state.runIds()
        finished.withLock { cache in cache = cache.filter { runIds.contains($0.key) } }
        for runId in runIds {
            if let done = finished.withLock({ $0[runId] }) {
                if now - done.lastProgressAt <= keepFinished {
                    gauges.set(runId, done.figures)
                    exported.insert(runId)
                }
                continue
            }
            if queued == nil { queued = await readBacklog() }
            guard let record = try await state.run(runId),
                  let progress = try await RunProgress.load(runId: runId, state: state, backlog: queued ?? [:])
            else { continue }
            let figures = RunGauges.Figures(
                movies: progress.movies, moviesDone: progress.moviesDone, frames: progress.framesExpected,
                framesDone: progress.stages.first { $0.stage == Stage.frameRenderer.rawValue }?.done ?? 0,
                startedAt: record.createdAt,
                // Every unfinished movie waiting in line: none is without progress as of now (the series stays, so a
                // dashboard draws no gap and the alert reads 0 s, not an absent series).
                oldestOutOfLineProgressAt: progress.isComplete ? nil : progress.oldestOutOfLineProgressAt ?? now)
            if progress.isComplete {
                finished.withLock { $0[runId] = (figures, progress.lastProgressAt) }
                guard now - progress.lastProgressAt <= keepFinished else { continue }
            }
            gauges.set(runId, figures)
            exported.insert(runId)
        }
        gauges.retain(only: exported)
    }

    /// The backlog, or none when the broker cannot be read (every unfinished movie then counts as out of line: an
    /// alert too many rather than one missed).
    private func readBacklog() async -> [Stage: Int] {
        guard let backlog else { return [:] }
        do {
            return try await backlog()
        } catch {
            logger.debug("queue backlog not read for run metrics", metadata: ["error": "\(error)"])
            return [:]
        }
    }
}
