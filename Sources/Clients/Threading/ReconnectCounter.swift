import Metrics

/// Counts the connections a client's thread re-established after losing one (`dreamframe_reconnects_total`,
/// labelled by `connection`), through swift-metrics: the first connection is not counted, every later one is.
/// The series exists from the client's start (at 0), so a dashboard sees it before anything breaks.
struct ReconnectCounter {
    /// The counter's name.
    static let name = "dreamframe_reconnects_total"

    private let counter: Counter
    private var connectedBefore = false

    /// A counter for `connection` (`amqp-consumer`, `amqp-publisher`, `redis`), recorded through `factory` (by
    /// default the process's swift-metrics backend).
    init(connection: String, factory: any MetricsFactory = MetricsSystem.factory) {
        counter = Counter(label: Self.name, dimensions: [("connection", connection)], factory: factory)
    }

    /// Notes a successful connect; counts it when it is not the first.
    mutating func connected() {
        if connectedBefore { counter.increment() }
        connectedBefore = true
    }
}
