import Foundation

/// When a QA validator process re-exports a run's dataset: for the run's first movie it sees, then at most once per
/// `interval`, and always for the movie that completes the run.
///
/// An export reads every finished movie's record and rewrites the run's dataset files, so it costs more with each
/// movie: exporting after every movie made a run's validation quadratic (200 movies at 11,11,11: the validator fell
/// minutes behind the renderers, rewriting a 29 MB dataset per movie). Bounded by time, a long run's dataset stays
/// current to within `interval` while the total export work grows with the run's length, not its square.
public final class ExportSchedule: @unchecked Sendable {
    private let lock = NSLock()
    private var lastExport: [String: ContinuousClock.Instant] = [:]
    private var count = 0
    /// The least time between two exports of one run by this process (the run's last movie always exports).
    public let interval: Duration

    /// How many exports this schedule has noted (all runs).
    public var exportsNoted: Int { lock.withLock { count } }

    /// A schedule exporting a run at most once per `interval` (`.zero`: after every movie).
    public init(interval: Duration = .seconds(15)) {
        self.interval = interval
    }

    /// Whether an export of `runId` is due now (never exported by this process, or `interval` ago).
    public func isDue(_ runId: String, now: ContinuousClock.Instant = .now) -> Bool {
        lock.withLock { lastExport[runId].map { now - $0 >= interval } ?? true }
    }

    /// Notes an export of `runId` at `now`; forgets runs not exported for an hour (memory stays bounded).
    public func exported(_ runId: String, now: ContinuousClock.Instant = .now) {
        lock.withLock {
            lastExport = lastExport.filter { now - $0.value < .seconds(3600) }
            lastExport[runId] = now
            count += 1
        }
    }
}
