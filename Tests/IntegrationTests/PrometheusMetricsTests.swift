import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// A small batch through the real stage executables, each serving `--metrics-port`, on a RabbitMQ node and a Redis
/// of the test's own, scraped by the real Prometheus `make test` starts (ops/prometheus-up.sh) — together with the
/// node's own prometheus plugin. What Prometheus holds afterwards must be what happened: the frames, stories,
/// styles and records on disk, the broker's queues, the run's progress.
@Suite("Metrics in a real Prometheus", .serialized)
struct PrometheusMetricsTests {
    @Test("a batch's counters in Prometheus match what is on disk, and every dashboard query names a metric Prometheus has")
    func countersMatchTheRun() async throws {
        let prometheus = try await PrometheusServer.local()
        let stub = try await ModelStubServer.start()
        defer { stub.stop() }
        try await PipelineHarness.onIsolatedServices { harness, services in
            let scraped = try await ScrapedStages.start(harness, services: services, prometheus: prometheus,
                                                        storyModelURL: "http://127.0.0.1:\(stub.port)/v1")
            defer { scraped.unregister() }
            let run = try await harness.submit(movies: 2, branching: Branching(substories: 2, tinystories: 2, keyframes: 3))
            try await harness.waitForCompletion(run)
            try await scraped.waitForFinalScrape(of: run, harness: harness)
            try await checkCounters(run, scraped: scraped, layout: harness.layout)
            try await checkDashboard(prometheus)
        }
    }

    /// Every figure Prometheus scraped against what the run left on disk and in the broker.
    private func checkCounters(_ run: RunRecord, scraped: ScrapedStages, layout: OutputLayout) async throws {
        let movies = Double(run.movies), branching = run.branching
        let frames = Double(try Self.files(in: layout.runDirectory(run.runId).appendingPathComponent("videos"), ending: ".png"))
        let styles = Double(try Self.files(in: layout.runDirectory(run.runId).appendingPathComponent("styles"), ending: ".json"))
        #expect(frames == movies * Double(branching.framesPerMovie), "frames on disk")
        #expect(styles >= 1, "styles on disk")

        let handled = { (kind: MessageKind) in try await scraped.total("dreamframe_messages_total", ["kind": kind.rawValue, "outcome": "handled"]) }
        #expect(try await handled(.renderFrame) == frames, "render-frame messages handled = frames on disk")
        #expect(try await handled(.writePlot) == movies)
        #expect(try await handled(.expandSubstory) == movies * Double(branching.substories))
        #expect(try await handled(.expandTinystory) == movies * Double(branching.tinystoriesPerMovie))
        #expect(try await handled(.validateMovie) == movies, "validate-movie handled = records written")
        #expect(try await scraped.total("dreamframe_messages_total", ["outcome": "retried"]) == 0)
        #expect(try await scraped.total("dreamframe_messages_total", ["outcome": "dead_lettered"]) == 0)
        #expect(try await scraped.total("dreamframe_handler_duration_seconds_count", ["kind": "render-frame"]) == frames)
        // Only the renderer that sets a movie's last frame publishes (its validate-movie): one confirm per movie.
        #expect(try await scraped.total("dreamframe_publish_confirm_duration_seconds_count", ["stage": "frame-renderer"]) == movies)
        #expect(try await scraped.total("dreamframe_publish_confirm_duration_seconds_count", ["stage": "plot-writer"]) == movies)
        #expect(try await scraped.total("dreamframe_reconnects_total", [:]) == 0)

        let calls = { (call: String) in try await scraped.total("dreamframe_model_calls_total", ["call": call, "outcome": "ok"]) }
        #expect(try await calls("render") == frames, "one render call per frame")
        #expect(try await calls("plot") == movies)
        #expect(try await calls("substory") == movies * Double(branching.substories))
        #expect(try await calls("tinystory") == movies * Double(branching.tinystoriesPerMovie))
        #expect(try await calls("learn_style") == styles, "each style of the run learned once (this Redis had none cached)")
        #expect(try await scraped.total("dreamframe_model_calls_total", ["outcome": "error"]) == 0)
        // The stub story server answers every request it gets, each after a cache miss, and reports tokens.
        let requests = try await scraped.total("dreamframe_model_requests_total", ["outcome": "ok"])
        #expect(requests >= movies * Double(1 + branching.substories + branching.tinystoriesPerMovie))
        #expect(try await scraped.total("dreamframe_model_cache_lookups_total", ["result": "miss"]) == requests)
        #expect(try await scraped.total("dreamframe_model_tokens_total", ["kind": "completion"]) > 0)

        let gauge = { (name: String) in try await scraped.prometheus.value("max(\(name){\(scraped.selector(["run": run.runId]))})") }
        #expect(try await gauge("dreamframe_run_movies") == movies)
        #expect(try await gauge("dreamframe_run_movies_done") == movies)
        #expect(try await gauge("dreamframe_run_frames") == frames)
        #expect(try await gauge("dreamframe_run_frames_done") == frames, "the run's frames-done gauge = frames on disk")
        #expect(try await gauge("dreamframe_run_started_timestamp_seconds") == run.createdAt)
        #expect(try await gauge("dreamframe_run_oldest_movie_progress_timestamp_seconds") == nil,
                "no unfinished movie, so no least-recent-progress series")

        let broker = { (expression: String) in try await scraped.prometheus.value(expression) }
        #expect(try await broker("sum(rabbitmq_queue_consumers{\(scraped.selector(["queue": "dreamframe.frame-renderer"]))})") == 2,
                "the broker sees both renderers consuming")
        #expect(try await broker("sum(rabbitmq_queue_messages{\(scraped.selector([:])),queue=~\"dreamframe\\\\..+\\\\.dead\"})") == 0)
    }

    /// Every query of the Grafana dashboard and every alert rule is valid PromQL and names only metrics this Prometheus
    /// holds.
    private func checkDashboard(_ prometheus: PrometheusServer) async throws {
        let dashboard = try GrafanaDashboard(contentsOf: TestPaths.repositoryRoot.appendingPathComponent("ops/grafana/dreamframe.json"))
        #expect(dashboard.queries.count > 20)
        let known = try await prometheus.metricNames()
        var named: Set<String> = []
        for query in dashboard.queries {
            let metrics = PromQLNames.metrics(in: query.evaluable)
            #expect(!metrics.isEmpty, "\(query) names no metric")
            for metric in metrics.sorted() {
                #expect(known.contains(metric), "\(query): Prometheus has no metric \(metric)")
            }
            named.formUnion(metrics)
            _ = try await prometheus.query(query.evaluable)
        }
        for family in ["dreamframe_run_frames_done", "rabbitmq_queue_messages_ready", "dreamframe_messages_total",
                       "dreamframe_model_tokens_total", "dreamframe_model_call_duration_seconds_bucket"] {
            #expect(named.contains(family), "the dashboard shows \(family)")
        }
        // The alert rules' unit tests (promtool test rules) feed them made-up series: here their metric names must be
        // ones the stages and the broker really export, or a renamed metric would silence an alert.
        let rules = try await prometheus.alertRules()
        #expect(rules.count >= 4, "Prometheus loaded ops/prometheus/alerts.yml: \(rules.map(\.name))")
        for rule in rules {
            let metrics = PromQLNames.metrics(in: rule.query)
            #expect(!metrics.isEmpty, "alert \(rule.name) names no metric")
            for metric in metrics.sorted() {
                #expect(known.contains(metric), "alert \(rule.name): Prometheus has no metric \(metric)")
            }
            _ = try await prometheus.query(rule.query)
        }
    }

    static func files(in directory: URL, ending suffix: String) throws -> Int {
        let walker = FileManager.default.enumerator(atPath: directory.path)
        return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(suffix) }.count
    }
}
