import Foundation

extension PacedTransport {
    /// Registers the render cache's hit and miss series of the image server at `baseURL` (at 0), so a dashboard
    /// sees them before the first frame.
    func prepareRenderCacheMetrics(server baseURL: URL) {
        ModelMetrics(baseURL: baseURL, factory: metricsFactory).prepareCache(api: .image)
    }

    /// Counts one lookup in an image backend's render cache: in the heartbeat's tally and in
    /// `dreamframe_model_cache_lookups_total{api="image"}` of the image server at `baseURL`.
    func countRenderCacheLookup(hit: Bool, server baseURL: URL) {
        usage.record { hit ? ($0.cacheHits += 1) : ($0.cacheMisses += 1) }
        ModelMetrics(baseURL: baseURL, factory: metricsFactory).cache(hit: hit, api: .image)
    }
}
