import ArgumentParser
@testable import DreamFrameCLI
import Foundation
import Metrics
import Models
import Monitoring
import Pipeline
import Testing
import TestSupport

@Suite("Metrics settings, ports for dreamframe run's children, and model call metrics")
struct MetricsSettingsTests {
    @Test("--metrics-port and --metrics-host come through the settings layer: flag, environment, config file, default")
    func layers() async throws {
        let file = try TestPaths.temporaryDirectory("df-settings").appendingPathComponent("c.yaml")
        try Data("metrics_port: 9500\nmetrics_host: 0.0.0.0\n".utf8).write(to: file)
        let fromFile = try await SettingsSource.load(flags: [:], explicitFile: file.path, environment: [:])
        #expect(try MetricsSettings(source: fromFile) == MetricsSettings(port: 9500, host: "0.0.0.0"))
        let fromEnvironment = try await SettingsSource.load(flags: [:], explicitFile: file.path,
                                                            environment: ["DREAMFRAME_METRICS_PORT": "9600"])
        #expect(try MetricsSettings(source: fromEnvironment).port == 9600)
        let options = try StageOptions.parse(["--metrics-port", "9700"])
        let fromFlag = try await SettingsSource.load(flags: options.settingFlags, explicitFile: file.path,
                                                     environment: ["DREAMFRAME_METRICS_PORT": "9600"])
        #expect(try MetricsSettings(source: fromFlag) == MetricsSettings(port: 9700, host: "0.0.0.0"))
        let defaults = try MetricsSettings(source: try await SettingsSource.load(flags: [:], environment: [:]))
        #expect(defaults == MetricsSettings(port: 0, host: "127.0.0.1"))
        #expect(!defaults.isEnabled, "no listener unless asked for")
    }

    @Test("a port outside 0...65535 or a host that is no address is refused, naming the flag")
    func invalid() async throws {
        for (key, value, flag) in [("DREAMFRAME_METRICS_PORT", "70000", "--metrics-port"),
                                   ("DREAMFRAME_METRICS_PORT", "http", "--metrics-port"),
                                   ("DREAMFRAME_METRICS_HOST", "a b", "--metrics-host")] {
            let source = try await SettingsSource.load(flags: [:], environment: [key: value])
            #expect { try MetricsSettings(source: source) } throws: { "\($0)".contains(flag) }
        }
    }

    @Test("dreamframe run gives each child its own port, 0 when metrics are off, and writes a file_sd list")
    func childPorts() throws {
        let ports = try ChildMetricsPorts(settings: MetricsSettings(port: 9400), children: 6)
        #expect((0..<6).map { ports.environment(child: $0)["DREAMFRAME_METRICS_PORT"] }
                == ["9400", "9401", "9402", "9403", "9404", "9405"])
        let off = try ChildMetricsPorts(settings: MetricsSettings(port: 0), children: 6)
        #expect(off.environment(child: 3) == ["DREAMFRAME_METRICS_PORT": "0"], "an inherited setting is overridden")
        #expect(try off.announce([.plotWriter]) == nil)
        #expect(throws: ValidationError.self) { try ChildMetricsPorts(settings: MetricsSettings(port: 65_533), children: 6) }
        #expect(throws: ValidationError.self) {
            try ChildMetricsPorts(settings: MetricsSettings(port: 0), children: 6, targetsFile: "/tmp/x.json")
        }
        let file = try TestPaths.temporaryDirectory("df-targets").appendingPathComponent("dreamframe-run.json")
        let listed = try ChildMetricsPorts(settings: MetricsSettings(port: 9400, host: "0.0.0.0"), children: 2,
                                           targetsFile: file.path)
        let line = try listed.announce([.plotWriter, .frameRenderer])
        #expect(line == "metrics: plot-writer http://127.0.0.1:9400/metrics, frame-renderer http://127.0.0.1:9401/metrics")
        let groups = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: [String]]]
        #expect(groups == [["targets": ["127.0.0.1:9400", "127.0.0.1:9401"]]])
        listed.withdraw()
        #expect(!FileManager.default.fileExists(atPath: file.path), "withdrawn once the children stopped")
    }

    @Test("model calls are counted by call, backend and outcome, and timed, whatever the backend")
    func modelCalls() async throws {
        struct Refused: Error {}
        let registry = MetricsRegistry()
        let metrics = ModelCallMetrics(backend: "builtin", calls: [.render, .plot], factory: registry.factory)
        _ = try await metrics.measure(.render) { 1 }
        _ = try await metrics.measure(.render) { 2 }
        await #expect(throws: Refused.self) { try await metrics.measure(.render) { () async throws -> Int in throw Refused() } }
        await #expect(throws: CancellationError.self) {
            try await metrics.measure(.plot) { () async throws -> Int in throw CancellationError() }
        }
        let text = registry.exposition()
        let calls = { (call: String, outcome: String) in
            PrometheusText.value(text, "dreamframe_model_calls_total", ["call": call, "backend": "builtin", "outcome": outcome])
        }
        #expect(calls("render", "ok") == 2)
        #expect(calls("render", "error") == 1)
        #expect(calls("plot", "cancelled") == 1)
        #expect(calls("plot", "ok") == 0, "every series exists from the start")
        #expect(PrometheusText.value(text, "dreamframe_model_call_duration_seconds_count", ["call": "render"]) == 3)
    }
}
