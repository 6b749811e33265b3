import DreamFrameCore
import Foundation
import Logging

/// Tracks whether the infrastructure a stage needs is reachable. While an outage lasts, the runtime starts no new
/// handlers and the held ones probe with backoff; the first report and the recovery are logged once each.
public final class OutageMonitor: @unchecked Sendable {
    /// An outage in progress: since when (wall clock) and the error that reported it.
    public struct Outage: Sendable, Equatable {
        public var since: Date
        public var reason: String
    }

    private let lock = NSLock()
    private var since: ContinuousClock.Instant?
    private var outage: Outage?
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var stopped = false

    public init() {}

    /// True while an outage is reported and not yet recovered.
    public var isDown: Bool { lock.withLock { since != nil } }

    /// The outage in progress, or nil when healthy.
    public var current: Outage? { lock.withLock { outage } }

    /// The backoff held work probes with: 0.5 s doubling to 10 s.
    func backoff() -> Backoff { Backoff(start: .milliseconds(500), limit: .seconds(10)) }

    /// Records an outage (logged when it starts).
    func report(_ error: any Error, logger: Logger) {
        let started: Bool = lock.withLock {
            guard since == nil else { return false }
            since = .now
            outage = Outage(since: Date(), reason: Redaction.maskUserinfo(in: "\(error)"))
            return true
        }
        if started {
            logger.error("infrastructure unreachable: holding work without counting attempts until it is back",
                         metadata: ["error": "\(error)"])
        }
    }

    /// Records that work succeeded again (logged when it ends an outage) and lets waiting work start.
    func recovered(logger: Logger) {
        let (ended, resumed): (ContinuousClock.Instant?, [CheckedContinuation<Void, Never>]) = lock.withLock {
            defer { since = nil; outage = nil; waiters.removeAll() }
            return (since, waiters)
        }
        resumed.forEach { $0.resume() }
        if let ended {
            logger.notice("infrastructure reachable again; resuming", metadata: ["outage": "\(ContinuousClock.now - ended)"])
        }
    }

    /// Returns at once when healthy (or after ``stopWaiting()``); otherwise when the outage ends.
    func waitUntilHealthy() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                guard since != nil, !stopped else { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Releases everything waiting in ``waitUntilHealthy()`` and makes later calls return at once (shutdown).
    func stopWaiting() {
        let released: [CheckedContinuation<Void, Never>] = lock.withLock {
            stopped = true
            defer { waiters.removeAll() }
            return waiters
        }
        released.forEach { $0.resume() }
    }
}
