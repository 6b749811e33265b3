import Testing
import TestSupport

@Suite("Metric names in PromQL (what the dashboard test checks Prometheus for)")
struct PromQLNamesTests {
    @Test("selectors, aggregations, functions, grouping, matchers, ranges, strings and numbers")
    func names() {
        #expect(PromQLNames.metrics(in: #"sum by (stage, le) (rate(dreamframe_handler_duration_seconds_bucket{stage=~"a|b"}[5m]))"#)
                == ["dreamframe_handler_duration_seconds_bucket"])
        #expect(PromQLNames.metrics(in: "max by (run) (a_total) / on (run) group_left (x) max without (instance) (b) > bool 0.5")
                == ["a_total", "b"])
        #expect(PromQLNames.metrics(in: "time() - min(up offset 5m) and rabbitmq_queue_consumers == 0 or vector(1)")
                == ["up", "rabbitmq_queue_consumers"])
        #expect(PromQLNames.metrics(in: #"count(x{queue=~"dreamframe\\..+\\.dead", name="sum(y)"}) unless z"#) == ["x", "z"])
        #expect(PromQLNames.metrics(in: "histogram_quantile(0.95, sum(rate(h_bucket[1m:10s])))") == ["h_bucket"])
        #expect(PromQLNames.metrics(in: "1e3 * 2").isEmpty)
    }

    @Test("a Grafana query's own variables become values Prometheus evaluates")
    func grafanaVariables() throws {
        let query = GrafanaDashboard.Query(place: "p", expression: #"rate(a{run=~"$run",stage=~"${stage}"}[$__rate_interval])"#)
        #expect(query.evaluable == #"rate(a{run=~".*",stage=~".*"}[1m])"#)
    }
}
