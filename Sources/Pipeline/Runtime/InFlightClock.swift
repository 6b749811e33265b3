import Foundation
import Synchronization

/// When each running handler of a runtime took its delivery, so a heartbeat can say how long the oldest
/// unacknowledged message has been held (`dreamframe status`'s "oldest unacked").
final class InFlightClock: Sendable {
    private let started = Mutex<(next: Int, times: [Int: Double])>((0, [:]))

    /// Notes a handler starting now (or at `time`, seconds since 1970); returns the token ``end(_:)`` takes.
    func begin(at time: Double = Date().timeIntervalSince1970) -> Int {
        started.withLock { state in
            state.next += 1
            state.times[state.next] = time
            return state.next
        }
    }

    /// Notes the handler of `token` finished.
    func end(_ token: Int) {
        _ = started.withLock { $0.times.removeValue(forKey: token) }
    }

    /// When the longest-running handler started (seconds since 1970), nil when none runs.
    var oldest: Double? { started.withLock { $0.times.values.min() } }
}
