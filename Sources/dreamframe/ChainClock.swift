import Foundation

/// When each `bench chain` item was published and when it finished (the first time: a redelivered copy does
/// not count twice), for the latency per item.
final class ChainClock: @unchecked Sendable {
    private let lock = NSLock()
    private var started: [ContinuousClock.Instant?]
    private var ended: [ContinuousClock.Instant?]

    init(items: Int) {
        started = Array(repeating: nil, count: items)
        ended = Array(repeating: nil, count: items)
    }

    func start(_ index: Int) {
        let now = ContinuousClock.now
        lock.withLock { started[index] = now }
    }

    /// Records item `index` finished; true the first time.
    func finish(_ index: Int) -> Bool {
        let now = ContinuousClock.now
        return lock.withLock {
            guard index >= 0, index < ended.count, ended[index] == nil else { return false }
            ended[index] = now
            return true
        }
    }

    /// Seconds from publish to finish of every finished item.
    func latencies() -> [Double] {
        lock.withLock { zip(started, ended).compactMap { s, e in s.flatMap { s in e.map { (s.duration(to: $0)).seconds } } } }
    }
}
