import Foundation

/// When a QA validator process re-exports a run's dataset: for the run's first movie it sees, then at most once per
/// spacing, and always for the movie that completes the run.
///
/// An export reads every finished movie's record and rewrites the run's dataset files, so it costs more with each
/// movie: exporting after every movie made a run's validation quadratic (200 movies at 11,11,11: the validator fell
/// minutes behind the renderers, rewriting a 29 MB dataset per movie). The spacing is `interval`, or `costRatio`
/// times as long as the run's last export took when that is longer: a fixed interval still left the export work
/// growing with the square of a long run (each export reads more records, as often as ever), while a spacing that
/// grows with the export's own cost keeps exporting under 1/(1 + `costRatio`) of the validator's time at any size.
/// A long run's dataset stays current to within the spacing; the run's last movie always exports.
public final class ExportSchedule: @unchecked Sendable {
    private struct LastExport {
        var at: ContinuousClock.Instant
        var took: Duration
    }

    private let lock = NSLock()
    private var lastExport: [String: LastExport] = [:]
    private var count = 0
    /// The least time between two exports of one run by this process (the run's last movie always exports).
    public let interval: Duration
    /// How many times as long as the last export the schedule waits, at least, before the next one.
    public let costRatio: Int

    /// How many exports this schedule has noted (all runs).
    public var exportsNoted: Int { lock.withLock { count } }

    /// A schedule exporting a run at most once per `interval` (`.zero`: after every movie) and never sooner than
    /// `costRatio` times the last export's duration after it (0: the interval alone).
    public init(interval: Duration = .seconds(15), costRatio: Int = 9) {
        self.interval = interval
        self.costRatio = max(0, costRatio)
    }

    /// Whether an export of `runId` is due now (never exported by this process, or a spacing ago).
    public func isDue(_ runId: String, now: ContinuousClock.Instant = .now) -> Bool {
        lock.withLock {
            guard let last = lastExport[runId] else { return true }
            return now - last.at >= spacing(after: last)
        }
    }

    /// The time the schedule leaves between the export `last` and the next one.
    private func spacing(after last: LastExport) -> Duration {
        max(interval, last.took * costRatio)
    }

    /// Notes an export of `runId` that ended at `now` and took `took`; forgets runs not exported for an hour (memory
    /// stays bounded).
    public func exported(_ runId: String, took: Duration = .zero, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            lastExport = lastExport.filter { now - $0.value.at < .seconds(3600) }
            lastExport[runId] = LastExport(at: now, took: took)
            count += 1
        }
    }
}
