import Foundation
import Metrics

/// The model calls' metrics through swift-metrics (any backend the process bootstraps, or the factory given),
/// next to the heartbeat's ``Models/ModelUsage`` tally: requests by outcome and their latency, cache hits and
/// misses, tokens, rate-limit waits. Names in ``ModelServerMetricNames``; `server` is the API's host and port.
struct ModelMetrics: Sendable {
    /// Which of a server's APIs a cache lookup was for (the `api` label of
    /// ``ModelServerMetricNames/cacheLookups``): chat answers, or rendered frames of an image server.
    enum API: String, Sendable {
        case chat
        case image
    }

    let server: String
    let factory: any MetricsFactory

    init(baseURL: URL, factory: any MetricsFactory = MetricsSystem.factory) {
        server = "\(baseURL.host ?? "?")" + (baseURL.port.map { ":\($0)" } ?? "")
        self.factory = factory
    }

    /// Registers the series a chat endpoint always has (at 0), so a dashboard sees them before the first call.
    func prepare() {
        _ = Counter(label: ModelServerMetricNames.requests, dimensions: [("server", server), ("outcome", "ok")],
                    factory: factory)
        _ = Metrics.Timer(label: ModelServerMetricNames.requestDuration, dimensions: [("server", server)], factory: factory)
        prepareCache(api: .chat)
        for kind in ["prompt", "completion"] {
            _ = Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", kind)],
                        factory: factory)
        }
        _ = Counter(label: ModelServerMetricNames.rateLimitWaits, dimensions: [("server", server)], factory: factory)
        _ = FloatingPointCounter(label: ModelServerMetricNames.rateLimitWaitSeconds, dimensions: [("server", server)],
                                 factory: factory)
    }

    /// Registers the cache lookup series of `api` (hits and misses at 0).
    func prepareCache(api: API) {
        for hit in [true, false] { _ = cacheLookups(api: api, hit: hit) }
    }

    /// One request answered (`ok`, `rate_limited`, `error`…) after `seconds`.
    func request(_ outcome: String, seconds: Double) {
        Counter(label: ModelServerMetricNames.requests, dimensions: [("server", server), ("outcome", outcome)],
                factory: factory).increment()
        Metrics.Timer(label: ModelServerMetricNames.requestDuration, dimensions: [("server", server)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// A cache lookup for `api`.
    func cache(hit: Bool, api: API = .chat) {
        cacheLookups(api: api, hit: hit).increment()
    }

    private func cacheLookups(api: API, hit: Bool) -> Counter {
        Counter(label: ModelServerMetricNames.cacheLookups,
                dimensions: [("server", server), ("api", api.rawValue), ("result", hit ? "hit" : "miss")], factory: factory)
    }

    /// Tokens a server reported.
    func tokens(prompt: Int, completion: Int) {
        Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", "prompt")], factory: factory)
            .increment(by: prompt)
        Counter(label: ModelServerMetricNames.tokens, dimensions: [("server", server), ("kind", "completion")],
                factory: factory)
            .increment(by: completion)
    }

    /// A wait for a rate limit.
    func rateLimitWait(seconds: Double) {
        Counter(label: ModelServerMetricNames.rateLimitWaits, dimensions: [("server", server)], factory: factory).increment()
        FloatingPointCounter(label: ModelServerMetricNames.rateLimitWaitSeconds, dimensions: [("server", server)],
                             factory: factory)
            .increment(by: max(0, seconds))
    }
}
