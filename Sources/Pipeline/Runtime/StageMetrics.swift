import Models
import Clients
import DreamFrameCore
import Foundation
import Metrics
import Synchronization

/// The runtime's metrics, through swift-metrics (any backend the process bootstraps), and the same counts kept
/// in-process for the worker's heartbeat (``WorkerReport``).
final class StageMetrics: Sendable {
    enum Outcome: String, CaseIterable {
        case ok, duplicate, retried = "retried", deadLettered = "dead_lettered"
    }

    let stage: Stage
    private let duration: Metrics.Timer
    private let tally = Mutex<[Outcome: Int]>([:])
    private let running = Atomic<Int>(0)

    /// Messages handled so far, by outcome.
    var outcomes: [Outcome: Int] { tally.withLock { $0 } }

    /// Handlers running now.
    var inFlight: Int { running.load(ordering: .relaxed) }

    /// Counts a handler in (`delta` 1) or out (-1).
    func track(_ delta: Int) {
        running.add(delta, ordering: .relaxed)
    }

    init(stage: Stage) {
        self.stage = stage
        duration = Metrics.Timer(label: "dreamframe_handler_duration", dimensions: [("stage", stage.rawValue)])
    }

    func record(_ outcome: Outcome, since start: ContinuousClock.Instant?) {
        tally.withLock { $0[outcome, default: 0] += 1 }
        Counter(label: "dreamframe_messages_total", dimensions: [("stage", stage.rawValue), ("outcome", outcome.rawValue)])
            .increment()
        if let start {
            let elapsed = ContinuousClock.now - start
            duration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
    }
}
