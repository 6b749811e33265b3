/// The names of the metrics a stage process records (README "Metrics" lists them with their labels). Every series
/// a stage process exports also carries `stage`.
public enum StageMetricNames {
    /// Counter: messages finished, by `kind` and `outcome` (`handled`, `duplicate`, `retried`, `dead_lettered`).
    public static let messages = "dreamframe_messages_total"
    /// Histogram: seconds from a delivery's start to its outcome, by `kind`.
    public static let handlerDuration = "dreamframe_handler_duration_seconds"
    /// Gauge: handlers running now.
    public static let inFlight = "dreamframe_handlers_in_flight"
    /// Gauge: deliveries held unacknowledged that no handler has started yet.
    public static let prefetched = "dreamframe_prefetched_messages"
    /// Histogram: seconds from publishing a batch of messages to the broker's confirm of all of them.
    public static let publishConfirm = "dreamframe_publish_confirm_duration_seconds"
    /// Gauge: 1 while the broker or Redis cannot be reached and the process holds its work, else 0.
    public static let outage = "dreamframe_outage"
    /// Counter: model calls by `call` (`plot`, `substory`, `tinystory`, `judge`, `render`, `learn_style`), `backend`
    /// and `outcome` (`ok`, `error`).
    public static let modelCalls = "dreamframe_model_calls_total"
    /// Histogram: seconds per model call, by `call` and `backend`.
    public static let modelCallDuration = "dreamframe_model_call_duration_seconds"
}
