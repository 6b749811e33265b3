import Foundation
import Metrics

/// The model calls' metrics through swift-metrics (any backend the process bootstraps), next to the heartbeat's
/// ``Models/ModelUsage`` tally: requests by outcome and their latency, cache hits and misses, tokens, rate-limit
/// waits. Names follow Prometheus conventions; `server` is the API's host and port.
struct ModelMetrics: Sendable {
    let server: String

    init(baseURL: URL) {
        server = "\(baseURL.host ?? "?")" + (baseURL.port.map { ":\($0)" } ?? "")
    }

    /// One request answered (`ok`, `rate_limited`, `error`…) after `seconds`.
    func request(_ outcome: String, seconds: Double) {
        Counter(label: "dreamframe_model_requests_total", dimensions: [("server", server), ("outcome", outcome)]).increment()
        Metrics.Timer(label: "dreamframe_model_request_duration_seconds", dimensions: [("server", server)])
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// A cache lookup.
    func cache(hit: Bool) {
        Counter(label: "dreamframe_model_cache_lookups_total", dimensions: [("server", server), ("result", hit ? "hit" : "miss")])
            .increment()
    }

    /// Tokens a server reported.
    func tokens(prompt: Int, completion: Int) {
        Counter(label: "dreamframe_model_tokens_total", dimensions: [("server", server), ("kind", "prompt")]).increment(by: prompt)
        Counter(label: "dreamframe_model_tokens_total", dimensions: [("server", server), ("kind", "completion")])
            .increment(by: completion)
    }

    /// A wait for a rate limit.
    func rateLimitWait(seconds: Double) {
        Counter(label: "dreamframe_model_rate_limit_waits_total", dimensions: [("server", server)]).increment()
        Counter(label: "dreamframe_model_rate_limit_wait_seconds_total", dimensions: [("server", server)])
            .increment(by: Int64(seconds.rounded()))
    }
}
