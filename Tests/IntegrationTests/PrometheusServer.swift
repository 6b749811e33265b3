import Foundation
@testable import Clients
@testable import Pipeline
import DreamFrameCore

/// The Prometheus `make test` starts (`ops/prometheus-up.sh`, at `$DF_PROMETHEUS_URL`): queried with `promtool
/// query instant`, told about a test's processes through its file_sd target folder (found in its own
/// `/api/v1/status/flags`, so a Prometheus another checkout started works too).
struct PrometheusServer: Sendable {
    /// One sample of an instant vector.
    struct Sample: Sendable {
        var labels: [String: String]
        var time: Double
        var value: Double
    }

    struct PrometheusError: Error, CustomStringConvertible {
        var description: String
    }

    let url: String
    let client = HTTPClient()

    /// The local Prometheus; fails naming the script to run when it does not answer.
    static func local() async throws -> PrometheusServer {
        let server = PrometheusServer(url: ProcessInfo.processInfo.environment["DF_PROMETHEUS_URL"] ?? "http://127.0.0.1:9093")
        let ready = try? await server.client.send(HTTPRequest(url: URL(string: server.url + "/-/ready")!))
        guard ready?.status == 200 else {
            throw PrometheusError(description: "no Prometheus ready at \(server.url): start it with ops/prometheus-up.sh (make test does)")
        }
        return server
    }

    /// The folder its file_sd configurations watch (`targets/` beside its configuration file).
    func targetsDirectory() async throws -> URL {
        let flags = try await api("/api/v1/status/flags")
        guard let file = (flags as? [String: Any])?["config.file"] as? String else {
            throw PrometheusError(description: "Prometheus at \(url) names no config.file")
        }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("targets")
    }

    /// Scrape targets for `job` (`dreamframe`, `rabbitmq`) under `name`, with `labels` on every series scraped from
    /// them; returns the file to remove afterwards.
    func register(job: String, name: String, targets: [String], labels: [String: String]) async throws -> URL {
        let file = try await targetsDirectory().appendingPathComponent("\(job)-\(name).json")
        let data = try JSONSerialization.data(withJSONObject: [["targets": targets, "labels": labels]])
        try AtomicFile.write(data, to: file)
        return file
    }

    /// Every metric name Prometheus holds.
    func metricNames() async throws -> Set<String> {
        Set((try await api("/api/v1/label/__name__/values") as? [String] ?? []))
    }

    /// The alerting rules Prometheus loaded (ops/prometheus/alerts.yml): each one's name and expression.
    func alertRules() async throws -> [(name: String, query: String)] {
        let groups = (try await api("/api/v1/rules?type=alert") as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        return groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.map {
            (name: $0["name"] as? String ?? "", query: $0["query"] as? String ?? "")
        }
    }

    /// `expression` evaluated now, through `promtool query instant`; throws with promtool's words when it fails.
    func query(_ expression: String) async throws -> [Sample] {
        let (status, output) = try await ChildProcess.capture(Self.promtool, ["query", "instant", "-o", "json", url, expression])
        guard status == 0, let data = output.data(using: .utf8),
              let vector = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw PrometheusError(description: "promtool query instant '\(expression)' exited \(status): \(output)")
        }
        return vector.map { sample in
            let pair = sample["value"] as? [Any] ?? []
            return Sample(labels: sample["metric"] as? [String: String] ?? [:], time: pair.first as? Double ?? 0,
                          value: Double(pair.last as? String ?? "") ?? .nan)
        }
    }

    /// The value of an expression that yields one sample (nil when it yields none).
    func value(_ expression: String) async throws -> Double? {
        let samples = try await query(expression)
        guard samples.count <= 1 else {
            throw PrometheusError(description: "'\(expression)' yields \(samples.count) samples, expected one")
        }
        return samples.first?.value
    }

    private func api(_ path: String) async throws -> Any {
        let response = try await client.send(HTTPRequest(url: URL(string: url + path)!))
        guard response.isSuccess, let body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              body["status"] as? String == "success", let data = body["data"] else {
            throw PrometheusError(description: "GET \(url)\(path): HTTP \(response.status) \(response.text.prefix(200))")
        }
        return data
    }

    /// promtool from Debian's prometheus package (ops/install-deps.sh).
    static let promtool: String = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "/usr/bin/promtool"
    }()
}
