import Metrics
import Prometheus

/// The metrics one process records, kept for Prometheus: a swift-metrics factory (``factory``) that writes into a
/// Prometheus registry, and that registry's text exposition (``exposition()``) for `GET /metrics`.
///
/// Every series of the process carries ``constantLabels`` (a stage process adds `stage`) unless the metric names
/// that label itself. Timers become Prometheus histograms in seconds, with the buckets ``histogramBuckets`` gives
/// for their name (the library's 5 ms … 10 s otherwise).
public final class MetricsRegistry: Sendable {
    /// The factory that records into this registry (pass it to code that takes one, or ``bootstrapSystem()``).
    public let factory: any MetricsFactory
    private let registry: PrometheusCollectorRegistry

    /// A registry whose series all carry `constantLabels`, and whose timers named in `histogramBuckets` use those
    /// bucket bounds.
    public init(constantLabels: [String: String] = [:], histogramBuckets: [String: [Duration]] = [:]) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = histogramBuckets
        let constant = constantLabels.sorted { $0.key < $1.key }
        factory.nameAndLabelSanitizer = { name, labels in
            (name, labels + constant.filter { label in !labels.contains { $0.0 == label.key } }.map { ($0.key, $0.value) })
        }
        self.registry = registry
        self.factory = factory
    }

    /// Makes this registry the process's swift-metrics backend: every `Counter`, `Timer`, `Meter`… created from now
    /// on without a factory of its own records here. Once per process (swift-metrics refuses a second bootstrap).
    public func bootstrapSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// Every series in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String {
        registry.emitToString()
    }
}
