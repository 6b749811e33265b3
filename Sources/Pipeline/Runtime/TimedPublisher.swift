import Clients
import DreamFrameCore
import Metrics

/// A ``MessagePublisher`` that times each publish until the broker confirmed every message of it
/// (`dreamframe_publish_confirm_duration_seconds`, a histogram labelled with the stage); failed publishes are not
/// timed (they show in the retries and outages).
public struct TimedPublisher: MessagePublisher {
    let base: any MessagePublisher
    let timer: Metrics.Timer

    /// Times `base` for `stage`, recording through `factory` (by default the process's swift-metrics backend).
    public init(_ base: any MessagePublisher, stage: Stage, factory: any MetricsFactory = MetricsSystem.factory) {
        self.base = base
        timer = Metrics.Timer(label: StageMetricNames.publishConfirm, dimensions: [("stage", stage.rawValue)],
                              factory: factory)
    }

    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        let start = ContinuousClock.now
        try await base.publish(messages)
        timer.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }
}
