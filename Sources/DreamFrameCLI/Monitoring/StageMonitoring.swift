import Clients
import HTTPModels
import Logging
import Monitoring
import Pipeline

/// A stage process's metrics: the Prometheus registry that becomes the process's swift-metrics backend (every series
/// labelled with the stage), and the listener serving it with `/healthz` and `/readyz` (``MetricsEndpoint``).
enum StageMonitoring {
    /// Histogram bucket bounds per timer: handler and model times reach minutes (a real LLM, style learning), and
    /// publish confirms are milliseconds; swift-prometheus' own default (5 ms … 10 s) fits neither.
    static let histogramBuckets: [String: [Duration]] = {
        let quick: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        let long: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
                              600, 1800]
        let seconds = { (bounds: [Double]) in bounds.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) } }
        return [
            StageMetricNames.handlerDuration: seconds(long),
            StageMetricNames.modelCallDuration: seconds(long),
            ModelServerMetricNames.requestDuration: seconds(long),
            StageMetricNames.publishConfirm: seconds(quick),
        ]
    }()

    /// Makes a registry for `stage` the process's metrics backend (once per process, before any metric is made).
    static func bootstrap(stage: Stage) -> MetricsRegistry {
        let registry = MetricsRegistry(constantLabels: ["stage": stage.rawValue], histogramBuckets: histogramBuckets)
        registry.bootstrapSystem()
        return registry
    }

    /// The listener on `settings`' address: `/metrics` samples the runtime's gauges first; `/readyz` is ready while
    /// the consumer is subscribed to `queue`, no outage holds the work and no shutdown has begun.
    static func endpoint(_ settings: MetricsSettings, registry: MetricsRegistry, runtime: StageRuntime,
                         consumer: AMQPConsumer, queue: String, logger: Logger) -> MetricsEndpoint {
        let routes = MetricsRoutes(registry: registry, readiness: {
            readiness(runtime: runtime, consumer: consumer, queue: queue)
        }, beforeScrape: {
            runtime.sampleMetrics(heldDeliveries: consumer.heldDeliveries)
        })
        return MetricsEndpoint(host: settings.host, port: settings.port, routes: routes, logger: logger)
    }

    /// Ready means consuming: subscribed, not held by an outage, not shutting down.
    static func readiness(runtime: StageRuntime, consumer: AMQPConsumer, queue: String) -> Readiness {
        if runtime.isShuttingDown { return .notReady("shutting down") }
        if let outage = runtime.outages.current { return .notReady("outage: \(outage.reason)") }
        guard consumer.isConsuming else { return .notReady("not subscribed to \(queue) (connecting to the broker)") }
        return .ready("consuming \(queue)")
    }
}
