/// The names of the model servers' metrics (README "Metrics"), each labelled `server` (the API's host and port).
public enum ModelServerMetricNames {
    /// Counter: requests answered, by `outcome` (`ok`, `rate_limited`, `no_response`, `http_<status>`).
    public static let requests = "dreamframe_model_requests_total"
    /// Histogram: seconds per request.
    public static let requestDuration = "dreamframe_model_request_duration_seconds"
    /// Counter: response cache lookups, by `api` (`chat` answers, `image` renders) and `result` (`hit`, `miss`).
    public static let cacheLookups = "dreamframe_model_cache_lookups_total"
    /// Counter: tokens the server reported, by `kind` (`prompt`, `completion`).
    public static let tokens = "dreamframe_model_tokens_total"
    /// Counter: waits for a rate limit.
    public static let rateLimitWaits = "dreamframe_model_rate_limit_waits_total"
    /// Counter: seconds spent waiting for rate limits.
    public static let rateLimitWaitSeconds = "dreamframe_model_rate_limit_wait_seconds_total"
}
