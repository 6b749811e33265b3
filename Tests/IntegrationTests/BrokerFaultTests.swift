import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore

/// The broker misbehaving on purpose (through ``TCPFaultProxy``): away, half there, resetting connections mid-publish.
@Suite("Broker clients under network faults")
struct BrokerFaultTests {
    static func url(port: Int) throws -> AMQPURL {
        var url = TestEnvironment.brokerURL
        url.host = "127.0.0.1"
        url.port = port
        return url
    }

    /// Waits until `condition` holds, checking every 20 ms; records `what` and returns false after `timeout`.
    static func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline {
                Issue.record("timed out waiting for \(what)")
                return false
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    @Test("failed connects never crash: a closed port and a port that accepts then closes, many times")
    func failedConnects() throws {
        let closed = try Self.url(port: TCPFaultProxy.unusedPort())
        for _ in 0..<200 {
            #expect(throws: BrokerError.self) { try AMQPConnection(url: closed) }
        }
        let proxy = try TCPFaultProxy(mode: .closeAtOnce)
        defer { proxy.stop() }
        let halfThere = try Self.url(port: proxy.port)
        for _ in 0..<50 {
            #expect(throws: BrokerError.self) { try AMQPConnection(url: halfThere, connectTimeoutSeconds: 2) }
        }
        #expect(proxy.accepted >= 50)
    }

    @Test("publisher and consumer keep retrying through a closed and a half-open port until the broker appears")
    func retryUntilBrokerAppears() async throws {
        let queue = TestEnvironment.unique("test.appears")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let port = TCPFaultProxy.unusedPort()
        let url = try Self.url(port: port)
        let publisher = AMQPPublisher(url: url, logger: TestEnvironment.logger, waitForConnection: 120)
        let consumer = AMQPConsumer(url: url, queue: queue, prefetch: 10, logger: TestEnvironment.logger)
        let proxy = Guarded<TCPFaultProxy?>(nil)
        defer { proxy.value?.stop() }
        try await withRunningClients([publisher, consumer]) {
            let published = Task {
                try await publisher.publish([OutgoingMessage(exchange: "", routingKey: queue, body: Data("hello".utf8),
                                                             messageId: "appears")])
            }
            // Nothing listens yet: both clients fail to connect and back off. Then the port accepts and closes.
            try await Task.sleep(for: .milliseconds(500))
            let halfOpen = try TCPFaultProxy(mode: .closeAtOnce, port: port)
            proxy.value = halfOpen
            guard await Self.waitUntil("connection attempts to the half-open port", { halfOpen.accepted >= 4 }) else { return }
            // The broker "appears".
            halfOpen.mode = .forward
            try await published.value
            var received: Delivery?
            for await delivery in consumer.deliveries {
                received = delivery
                consumer.settle(delivery, .ack)
                consumer.stopConsuming()
            }
            #expect(received?.messageId == "appears")
            #expect(publisher.connectionName != nil && consumer.connectionName != nil)
        }
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }

    @Test("plot-writer with no broker keeps retrying instead of crashing, and exits 0 on SIGTERM")
    func stageWithoutBroker() async throws {
        let log = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("dreamframe-test-\(UUID().uuidString.prefix(8))/plot-writer.log")
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        let process = try StageProcess(stage: .plotWriter, arguments: [
            "--broker-url", "amqp://guest:guest@127.0.0.1:\(TCPFaultProxy.unusedPort())/%2F",
        ], environment: ["DREAMFRAME_TOPOLOGY": TestEnvironment.topology.source], logFile: log)
        let retried = await Self.waitUntil("three failed connection attempts") {
            !process.isRunning || process.logTail(lines: 200).components(separatedBy: "connection failed").count > 3
        }
        #expect(retried && process.isRunning, "plot-writer died: status \(process.exitCode.map(String.init) ?? "-"); log:\n\(process.logTail())")
        process.terminate()
        let status = await process.waitForExit(timeout: .seconds(60))
        if status == nil { process.kill9() }
        #expect(status == 0, "exit status after SIGTERM; log:\n\(process.logTail())")
    }
}
