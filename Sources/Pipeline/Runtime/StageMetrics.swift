import Models
import Clients
import DreamFrameCore
import Foundation
import Metrics

/// The runtime's metrics, through swift-metrics (any backend the process bootstraps).
struct StageMetrics: Sendable {
    enum Outcome: String {
        case ok, duplicate, retried = "retried", deadLettered = "dead_lettered"
    }

    let stage: Stage
    private let duration: Metrics.Timer

    init(stage: Stage) {
        self.stage = stage
        duration = Metrics.Timer(label: "dreamframe_handler_duration", dimensions: [("stage", stage.rawValue)])
    }

    func record(_ outcome: Outcome, since start: ContinuousClock.Instant?) {
        Counter(label: "dreamframe_messages_total", dimensions: [("stage", stage.rawValue), ("outcome", outcome.rawValue)])
            .increment()
        if let start {
            let elapsed = ContinuousClock.now - start
            duration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
    }
}
