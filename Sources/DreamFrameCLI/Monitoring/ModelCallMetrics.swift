import DreamFrameCore
import Metrics
import Pipeline

/// Times and counts the model calls of one role and backend (`dreamframe_model_calls_total`,
/// `dreamframe_model_call_duration_seconds`, labelled `call` and `backend`), whatever the backend: the built-in
/// models have no server to report on, but their calls take time too.
struct ModelCallMetrics: Sendable {
    /// The calls a model makes.
    enum Call: String, CaseIterable, Sendable {
        case plot, substory, tinystory, judge, render
        case learnStyle = "learn_style"
    }

    /// How a call ended.
    enum Outcome: String, CaseIterable, Sendable {
        case ok, error, cancelled
    }

    let backend: String
    let factory: any MetricsFactory

    /// Metrics for `calls` to `backend`, each series there from the start (at 0).
    init(backend: String, calls: [Call], factory: any MetricsFactory = MetricsSystem.factory) {
        self.backend = backend
        self.factory = factory
        for call in calls {
            for outcome in Outcome.allCases { _ = counter(call, outcome) }
            _ = timer(call)
        }
    }

    /// Runs `body` as one `call`, counting its outcome and timing it.
    func measure<T: Sendable>(_ call: Call, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let result = try await body()
            finish(call, .ok, since: start)
            return result
        } catch is CancellationError {
            finish(call, .cancelled, since: start)
            throw CancellationError()
        } catch {
            finish(call, .error, since: start)
            throw error
        }
    }

    private func finish(_ call: Call, _ outcome: Outcome, since start: ContinuousClock.Instant) {
        counter(call, outcome).increment()
        timer(call).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
    }

    private func counter(_ call: Call, _ outcome: Outcome) -> Counter {
        Counter(label: StageMetricNames.modelCalls,
                dimensions: [("call", call.rawValue), ("backend", backend), ("outcome", outcome.rawValue)], factory: factory)
    }

    private func timer(_ call: Call) -> Metrics.Timer {
        Metrics.Timer(label: StageMetricNames.modelCallDuration, dimensions: [("call", call.rawValue), ("backend", backend)],
                      factory: factory)
    }
}
