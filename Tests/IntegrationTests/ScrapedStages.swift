import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import TestSupport

/// The five stages (two renderers) of a harness, each with its own `--metrics-port`, registered with Prometheus
/// as file_sd targets labelled `harness=<id>` — as is the harness' RabbitMQ node's prometheus plugin — so queries
/// see this test's series only.
final class ScrapedStages: Sendable {
    let prometheus: PrometheusServer
    let id: String
    let ports: [Int]
    let files: [URL]

    private init(prometheus: PrometheusServer, id: String, ports: [Int], files: [URL]) {
        self.prometheus = prometheus
        self.id = id
        self.ports = ports
        self.files = files
    }

    /// Starts the stages (the story model at `storyModelURL`, model `stub`), registers them and the broker, and
    /// waits until every process answers `/healthz` and `/readyz` with 200 (ready: consuming).
    static func start(_ harness: PipelineHarness, services: IsolatedServices, prometheus: PrometheusServer,
                      storyModelURL: String) async throws -> ScrapedStages {
        let id = TestPaths.unique("metrics")
        let story = ["DREAMFRAME_STORY_MODEL": "openai", "DREAMFRAME_STORY_MODEL_URL": storyModelURL,
                     "DREAMFRAME_STORY_MODEL_NAME": "stub", "DREAMFRAME_API_KEY": "test-key"]
        var ports: [Int] = []
        for stage in Stage.allCases {
            for _ in 0..<(stage == .frameRenderer ? 2 : 1) {
                let port = try IsolatedServices.freePort()
                // Run gauges read every second: the test's small run is over within a 10 s default period, and the
                // dashboard's and the alert's oldest-progress series exists only while a run is unfinished.
                try harness.start(stage, arguments: ["--metrics-port", String(port), "--run-metrics-every", "1"],
                                  environment: story)
                ports.append(port)
            }
        }
        let files = [
            try await prometheus.register(job: "dreamframe", name: id, targets: ports.map { "127.0.0.1:\($0)" },
                                          labels: ["harness": id]),
            try await prometheus.register(job: "rabbitmq", name: id, targets: ["127.0.0.1:\(services.prometheusPort)"],
                                          labels: ["harness": id]),
        ]
        let scraped = ScrapedStages(prometheus: prometheus, id: id, ports: ports, files: files)
        let client = HTTPClient()
        try await harness.waitUntil("every stage process to answer /healthz and /readyz with 200") {
            for port in ports {
                for path in ["/healthz", "/readyz"] {
                    let response = try? await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!))
                    if response?.status != 200 { return false }
                }
            }
            return true
        }
        return scraped
    }

    /// A label selector for this test's series plus `labels` (without braces).
    func selector(_ labels: [String: String]) -> String {
        (["harness": id].merging(labels) { _, new in new }).sorted { $0.key < $1.key }
            .map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
    }

    /// The sum of `metric` over this test's series matching `labels` (0 when there are none).
    func total(_ metric: String, _ labels: [String: String]) async throws -> Double {
        try await prometheus.value("sum(\(metric){\(selector(labels))})") ?? 0
    }

    /// Waits for a scrape of every stage process and of the broker made after `run` completed, in which no
    /// process holds a delivery (every counter final) and every process's run gauges show the run done.
    func waitForFinalScrape(of run: RunRecord, harness: PipelineHarness) async throws {
        let finished = Date().timeIntervalSince1970
        let all = selector([:])
        try await harness.waitUntil("a scrape of all \(ports.count) stage processes after the run with nothing held",
                                    timeout: .seconds(90)) {
            guard let stages = try await prometheus.value("count(dreamframe_handlers_in_flight{\(all)})"),
                  let stageScrape = try await prometheus.value("min(timestamp(dreamframe_handlers_in_flight{\(all)}))"),
                  let brokerScrape = try await prometheus.value("min(timestamp(rabbitmq_queue_messages{\(all)}))"),
                  let held = try await prometheus.value(
                    "sum(dreamframe_handlers_in_flight{\(all)}) + sum(dreamframe_prefetched_messages{\(all)})"),
                  let done = try await prometheus.value("min(dreamframe_run_movies_done{\(selector(["run": run.runId]))})"),
                  let reporting = try await prometheus.value("count(dreamframe_run_movies_done{\(selector(["run": run.runId]))})")
            else { return false }
            return stages == Double(ports.count) && stageScrape > finished && brokerScrape > finished && held == 0
                && done == Double(run.movies) && reporting == Double(ports.count)
        }
    }

    /// Removes the targets from Prometheus.
    func unregister() {
        files.forEach { try? FileManager.default.removeItem(at: $0) }
    }
}
