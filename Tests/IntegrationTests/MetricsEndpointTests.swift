import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import TestSupport

/// A stage process's metrics port without any service to reach: alive, not ready, and clear about a taken port.
@Suite("A stage's metrics port", .serialized)
struct MetricsEndpointTests {
    @Test("with no broker to consume from, /healthz is 200 and /readyz 503 saying why; SIGTERM still exits 0")
    func readinessWithoutBroker() async throws {
        let out = try TestPaths.temporaryDirectory("df-metrics-port")
        defer { try? FileManager.default.removeItem(at: out) }
        let port = try IsolatedServices.freePort()
        let nowhere = ["DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(try IsolatedServices.freePort())/%2F",
                       "DREAMFRAME_REDIS_URL": "redis://dreamframe:x@127.0.0.1:\(try IsolatedServices.freePort())/0",
                       "DREAMFRAME_TOPOLOGY": TestPaths.topology.source, "DREAMFRAME_OUT": out.path]
        let stage = try StageProcess(stage: .qaValidator, arguments: ["--metrics-port", String(port)], environment: nowhere,
                                     logFile: out.appendingPathComponent("qa-validator.log"))
        defer { stage.kill9() }
        let client = HTTPClient()
        let url = { (path: String) in URL(string: "http://127.0.0.1:\(port)\(path)")! }
        var health: HTTPResponse?
        let deadline = ContinuousClock.now + .seconds(60)
        while health?.status != 200, stage.isRunning, ContinuousClock.now < deadline {
            health = try? await client.send(HTTPRequest(url: url("/healthz")))
            if health?.status != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(health?.status == 200, "the listener answers before any service does; log:\n\(stage.logTail())")
        let ready = try await client.send(HTTPRequest(url: url("/readyz")))
        #expect(ready.status == 503)
        #expect(ready.text.hasPrefix("not ready: "), "\(ready.text)")
        let metrics = try await client.send(HTTPRequest(url: url("/metrics")))
        #expect(metrics.status == 200)
        #expect(PrometheusText.value(metrics.text, "dreamframe_messages_total",
                                     ["stage": "qa-validator", "kind": "validate-movie", "outcome": "handled"]) == 0)
        stage.terminate()
        // Without Redis the drain ends only when the heartbeat's last writes give up (two 30 s connection waits).
        #expect(await stage.waitForExit(timeout: .seconds(180)) == 0, "log:\n\(stage.logTail())")
        #expect((try? await client.send(HTTPRequest(url: url("/healthz")))) == nil, "the port is closed after exit")
    }

    @Test("a metrics port already taken stops the stage with exit 64 and a message naming --metrics-port")
    func portTaken() async throws {
        let out = try TestPaths.temporaryDirectory("df-metrics-port")
        defer { try? FileManager.default.removeItem(at: out) }
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        try #require(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let nowhere = ["DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(try IsolatedServices.freePort())/%2F",
                       "DREAMFRAME_REDIS_URL": "redis://dreamframe:x@127.0.0.1:\(try IsolatedServices.freePort())/0",
                       "DREAMFRAME_TOPOLOGY": TestPaths.topology.source, "DREAMFRAME_OUT": out.path]
        let stage = try StageProcess(stage: .plotWriter, arguments: ["--metrics-port", String(port)], environment: nowhere,
                                     logFile: out.appendingPathComponent("plot-writer.log"))
        defer { stage.kill9() }
        #expect(await stage.waitForExit(timeout: .seconds(180)) == 64)
        #expect(stage.logTail().contains("--metrics-port"), "log:\n\(stage.logTail())")
    }
}
