import Foundation
import Metrics

/// The model calls' metrics through swift-metrics (any backend the process bootstraps), next to the heartbeat's
/// ``Models/ModelUsage`` tally: requests by outcome and their latency, cache hits and misses, tokens, rate-limit
/// waits. Names in ``ModelServerMetricNames``; `server` is the API's host and port.
struct ModelMetrics: Sendable {
    let server: String

    init(baseURL: URL) {
        server = "\(baseURL.host ?? "?")" + (baseURL.port.map { ":\($0)" } ?? "")
    }

    /// Registers the series a chat endpoint always has (at 0), so a dashboard sees them before the first call.
    func prepare() {
        _ = Counter(label: ModelServerMetricNames.requests, dimensions: [("server", server), ("outcome", "ok")])
        _ = Metrics.Timer(label: ModelServerMetricNames.requestDuration, dimensions: [("server", server)])
        for result in ["hit", "miss"] {
            _ = Counter(label: ModelServerMetricNames.cacheLookups, dimensions: [("server", server), ("result", result)])
        }
        for kind in ["prompt", "completion"] {
            _ = Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", kind)])
        }
        _ = Counter(label: ModelServerMetricNames.rateLimitWaits, dimensions: [("server", server)])
        _ = FloatingPointCounter(label: ModelServerMetricNames.rateLimitWaitSeconds, dimensions: [("server", server)])
    }

    /// One request answered (`ok`, `rate_limited`, `error`…) after `seconds`.
    func request(_ outcome: String, seconds: Double) {
        Counter(label: ModelServerMetricNames.requests, dimensions: [("server", server), ("outcome", outcome)]).increment()
        Metrics.Timer(label: ModelServerMetricNames.requestDuration, dimensions: [("server", server)])
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// A cache lookup.
    func cache(hit: Bool) {
        Counter(label: ModelServerMetricNames.cacheLookups,
                dimensions: [("server", server), ("result", hit ? "hit" : "miss")]).increment()
    }

    /// Tokens a server reported.
    func tokens(prompt: Int, completion: Int) {
        Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", "prompt")])
            .increment(by: prompt)
        Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", "completion")])
            .increment(by: completion)
    }

    /// A wait for a rate limit.
    func rateLimitWait(seconds: Double) {
        Counter(label: ModelServerMetricNames.rateLimitWaits, dimensions: [("server", server)]).increment()
        FloatingPointCounter(label: ModelServerMetricNames.rateLimitWaitSeconds, dimensions: [("server", server)])
            .increment(by: max(0, seconds))
    }
}
