@testable import Clients
import Metrics
import Monitoring
import Synchronization
import Testing
import TestSupport

@Suite("The metrics port's routes and registry")
struct MetricsRoutesTests {
    @Test("GET /metrics answers the registry in the Prometheus text format, after sampling the gauges")
    func metrics() {
        let registry = MetricsRegistry()
        let sampled = Mutex(0)
        let gauge = Meter(label: "dreamframe_test_gauge", dimensions: [("stage", "qa-validator")], factory: registry.factory)
        Counter(label: "dreamframe_test_total", dimensions: [("kind", "a")], factory: registry.factory).increment(by: 3)
        let routes = MetricsRoutes(registry: registry, readiness: { .ready("consuming") }, beforeScrape: {
            gauge.set(Double(sampled.withLock { $0 += 1; return $0 }))
        })
        let response = routes.respond(.get, uri: "/metrics?debug=1")
        #expect(response.status == 200)
        #expect(response.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.body.contains("# TYPE dreamframe_test_total counter"))
        #expect(PrometheusText.value(response.body, "dreamframe_test_total", ["kind": "a"]) == 3)
        #expect(PrometheusText.value(response.body, "dreamframe_test_gauge") == 1, "sampled before the exposition")
        #expect(PrometheusText.value(routes.respond(.get, uri: "/metrics").body, "dreamframe_test_gauge") == 2)
    }

    @Test("/healthz is 200 while the process serves; /readyz follows the readiness check with its reason")
    func health() {
        let ready = Mutex(false)
        let routes = MetricsRoutes(registry: MetricsRegistry(), readiness: {
            ready.withLock { $0 } ? .ready("consuming dreamframe.qa-validator") : .notReady("outage: redis unreachable")
        })
        #expect(routes.respond(.get, uri: "/healthz").status == 200)
        let down = routes.respond(.get, uri: "/readyz")
        #expect(down.status == 503)
        #expect(down.body == "not ready: outage: redis unreachable\n")
        ready.withLock { $0 = true }
        let up = routes.respond(.get, uri: "/readyz")
        #expect(up.status == 200)
        #expect(up.body == "ready: consuming dreamframe.qa-validator\n")
    }

    @Test("unknown paths are 404, other methods 405, HEAD has no body")
    func methodsAndPaths() {
        let routes = MetricsRoutes(registry: MetricsRegistry(), readiness: { .ready("consuming") })
        #expect(routes.respond(.get, uri: "/").status == 404)
        #expect(routes.respond(.get, uri: "/metrics/extra").status == 404)
        #expect(routes.respond(.other("POST"), uri: "/metrics").status == 405)
        #expect(routes.respond(.other("DELETE"), uri: "/nothing").status == 404)
        let head = routes.respond(.head, uri: "/healthz")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test("every series carries the constant labels unless it names them; timers use their name's buckets")
    func registry() {
        let registry = MetricsRegistry(constantLabels: ["stage": "frame-renderer"],
                                       histogramBuckets: ["dreamframe_slow_seconds": [.seconds(1), .seconds(600)]])
        Counter(label: "dreamframe_plain_total", factory: registry.factory).increment()
        Counter(label: "dreamframe_own_total", dimensions: [("stage", "qa-validator")], factory: registry.factory).increment()
        Metrics.Timer(label: "dreamframe_slow_seconds", factory: registry.factory).recordSeconds(30)
        Metrics.Timer(label: "dreamframe_quick_seconds", factory: registry.factory).recordMilliseconds(30)
        let text = registry.exposition()
        #expect(PrometheusText.value(text, "dreamframe_plain_total", ["stage": "frame-renderer"]) == 1)
        #expect(PrometheusText.value(text, "dreamframe_own_total", ["stage": "qa-validator"]) == 1)
        #expect(PrometheusText.value(text, "dreamframe_own_total", ["stage": "frame-renderer"]) == nil)
        let slow = PrometheusText.samples(text).filter { $0.name == "dreamframe_slow_seconds_bucket" }.compactMap { $0.labels["le"] }
        #expect(slow == ["1.0", "600.0", "+Inf"])
        #expect(PrometheusText.value(text, "dreamframe_slow_seconds_bucket", ["le": "600.0"]) == 1)
        #expect(PrometheusText.value(text, "dreamframe_slow_seconds_sum") == 30)
        let quick = PrometheusText.samples(text).filter { $0.name == "dreamframe_quick_seconds_bucket" }
        #expect(quick.count == 12, "the library's 11 default buckets and +Inf")
    }

    @Test("a client's first connection is not a reconnect; every later one is")
    func reconnects() {
        let registry = MetricsRegistry()
        var counter = ReconnectCounter(connection: "redis", factory: registry.factory)
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_reconnects_total", ["connection": "redis"]) == 0)
        counter.connected()
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_reconnects_total", ["connection": "redis"]) == 0)
        counter.connected()
        counter.connected()
        #expect(PrometheusText.value(registry.exposition(), "dreamframe_reconnects_total", ["connection": "redis"]) == 2)
    }
}
