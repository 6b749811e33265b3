import Clients
import DreamFrameCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the ``Reconciler`` over every run every `interval`, in exactly one process of the pipeline at a time.
///
/// Every stage process runs this service; the one that holds the repair lease in Redis (`SET NX PX`, owner
/// ``ProcessToken/current``) scans, renewing the lease at each pass and while it works, and the others only try to
/// take the lease over (it expires two intervals after its holder died). A pass that meets an outage (Redis or the
/// broker unreachable) is skipped, and a graceful shutdown returns at once: a pass in progress is abandoned (a
/// repair republishes duplicates at worst, which every stage tolerates).
public struct RepairService: Service {
    let reconciler: Reconciler
    let interval: Duration
    let stale: Double
    let leaseSeconds: Int
    let owner: String
    let logger: Logger

    /// A service that repairs movies idle for `stale` seconds, every `interval`.
    public init(reconciler: Reconciler, every interval: Duration, stale: Double, owner: String = ProcessToken.current,
                logger: Logger) {
        self.reconciler = reconciler
        self.interval = interval
        self.stale = stale
        self.owner = owner
        self.logger = logger
        leaseSeconds = Int(interval.components.seconds) * 2 + 10
    }

    public func run() async {
        // Until the group shuts down (or the task is cancelled): swift-service-lifecycle cancels the loop then.
        await cancelWhenGracefulShutdown { await self.loop() }
    }

    private func loop() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await pass()
                if failing { logger.notice("repair passes resume") }
                failing = false
            } catch where !Task.isCancelled {
                // An outage or a failed publish: this pass is skipped, the next one looks again.
                if !failing { logger.warning("repair pass skipped", metadata: ["error": "\(error)"]) }
                failing = true
            } catch {
                return
            }
        }
    }

    /// One pass, when this process holds (or takes) the lease.
    func pass() async throws {
        let state = reconciler.state
        guard try await state.claimRepairLease(owner: owner, leaseSeconds: leaseSeconds) else { return }
        let lease = LeaseRenewal(every: .seconds(max(1, leaseSeconds / 3)))
        let (owner, leaseSeconds) = (self.owner, self.leaseSeconds)
        let report = try await reconciler.reconcile(stale: stale) {
            guard !Task.isCancelled else { return false }
            guard lease.isDue() else { return true }
            return (try? await state.claimRepairLease(owner: owner, leaseSeconds: leaseSeconds)) ?? false
        }
        for movie in report.stuck {
            logger.log(level: movie.action == .republished ? .notice : .info, "stuck movie", metadata: [
                "movie": "\(movie.runId)/\(movie.movieId)", "state": "\(movie.state ?? "none")",
                "idle_seconds": "\(Int(movie.idleSeconds))", "problems": "\(movie.problems.joined(separator: "; "))",
                "action": "\(movie.action.rawValue)", "messages": "\(movie.messages.count)",
            ])
        }
        logger.debug("repair pass", metadata: ["runs": "\(report.runs)", "in_line": "\(report.moviesInLine)",
                                               "stuck": "\(report.stuck.count)", "republished": "\(report.published)"])
    }
}

/// Says when a lease is due for renewal.
final class LeaseRenewal: @unchecked Sendable {
    private let lock = NSLock()
    private let period: Duration
    private var last = ContinuousClock.now

    init(every period: Duration) {
        self.period = period
    }

    /// True (and restarts the period) once a period has passed since the last renewal.
    func isDue() -> Bool {
        lock.withLock {
            guard ContinuousClock.now - last >= period else { return false }
            last = .now
            return true
        }
    }
}
