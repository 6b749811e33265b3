import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore

/// Clients given a list of broker URLs: a node that is down is skipped, a node that dies is left for the next one.
/// The "nodes" are the shared broker behind ``TCPFaultProxy`` listeners, so a test can make one vanish.
@Suite("Broker clients fail over between the URLs of a list")
struct BrokerFailoverTests {
    /// Waits until `condition` holds, checking every 20 ms; records `what` and returns false after `timeout`.
    static func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
        await BrokerFaultTests.waitUntil(what, timeout: timeout, condition)
    }

    /// Acks every delivery and collects its message id.
    static func collect(_ consumer: AMQPConsumer, into received: Guarded<[String]>) -> Task<Void, Never> {
        Task {
            for await delivery in consumer.deliveries {
                received.withLock { $0.append(delivery.messageId ?? "") }
                consumer.settle(delivery, .ack)
            }
        }
    }

    /// The negotiated heartbeat of the broker connection named `name`, from `rabbitmqctl list_connections`.
    static func heartbeat(ofConnection name: String) async throws -> Int? {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("ops/env.sh").path
        let (status, output) = try await ChildProcess.capture("/bin/bash", ["-c", """
            source '\(script)' && rabbit_env && rabbitmqctl -q -n "$DF_NODENAME" list_connections name timeout
            """])
        #expect(status == 0, "rabbitmqctl list_connections")
        let row = output.split(separator: "\n").map { $0.split(separator: "\t") }.first { $0.first.map(String.init) == name }
        return row.flatMap { $0.count > 1 ? Int($0[1]) : nil }
    }

    @Test("the first URL is dead: publisher, consumer and admin connect to the second, with the heartbeat asked for")
    func firstNodeDown() async throws {
        let queue = TestEnvironment.unique("test.failover.down")
        let dead = try BrokerFaultTests.url(port: TCPFaultProxy.unusedPort())
        let endpoints = try AMQPEndpoints([dead, TestEnvironment.brokerURL], heartbeatSeconds: 7)
        let stats = try await BlockingWork.run { () throws -> AMQPAdmin.QueueStats? in
            let admin = try AMQPAdmin(endpoints: endpoints)
            defer { admin.close() }
            try admin.declareQueue(queue)
            return try admin.stats(queue)
        }
        #expect(stats?.messages == 0)
        let publisher = AMQPPublisher(endpoints: endpoints, logger: TestEnvironment.logger, waitForConnection: 30)
        let consumer = AMQPConsumer(endpoints: endpoints, queue: queue, prefetch: 10, logger: TestEnvironment.logger)
        let received = Guarded<[String]>([])
        try await withRunningClients([publisher, consumer]) {
            let reader = Self.collect(consumer, into: received)
            try await publisher.publish([OutgoingMessage(exchange: "", routingKey: queue, body: Data("one".utf8),
                                                         messageId: "down-1")])
            _ = await Self.waitUntil("the message through the second node") { received.value == ["down-1"] }
            let live = ":\(TestEnvironment.brokerURL.port)"
            #expect(publisher.connectionName?.hasSuffix(live) == true, "publisher on \(publisher.connectionName ?? "-")")
            #expect(consumer.connectionName?.hasSuffix(live) == true, "consumer on \(consumer.connectionName ?? "-")")
            if let name = publisher.connectionName {
                #expect(try await Self.heartbeat(ofConnection: name) == 7, "the --heartbeat setting reaches the broker")
            }
            consumer.stopConsuming()
            await reader.value
        }
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }

    @Test("the node a publisher and a consumer are on dies: both move to the next URL and nothing is lost")
    func connectedNodeDies() async throws {
        let queue = TestEnvironment.unique("test.failover.dies")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let first = try TCPFaultProxy(mode: .forward)
        let second = try TCPFaultProxy(mode: .forward)
        defer { first.stop(); second.stop() }
        let endpoints = try AMQPEndpoints([try BrokerFaultTests.url(port: first.port),
                                           try BrokerFaultTests.url(port: second.port)])
        let publisher = AMQPPublisher(endpoints: endpoints, logger: TestEnvironment.logger, waitForConnection: 30)
        let consumer = AMQPConsumer(endpoints: endpoints, queue: queue, prefetch: 10, logger: TestEnvironment.logger)
        let received = Guarded<[String]>([])
        func publish(_ ids: Range<Int>) async throws {
            try await publisher.publish(ids.map {
                OutgoingMessage(exchange: "", routingKey: queue, body: Data("\($0)".utf8), messageId: "dies-\($0)")
            })
        }
        try await withRunningClients([publisher, consumer]) {
            let reader = Self.collect(consumer, into: received)
            try await publish(0..<10)
            guard await Self.waitUntil("10 messages through the first node", { received.value.count == 10 }) else { return }
            #expect(publisher.connectionName?.hasSuffix(":\(first.port)") == true)
            #expect(consumer.connectionName?.hasSuffix(":\(first.port)") == true)

            first.stop()   // the first node dies: its connections are cut and it accepts no more
            try await publish(10..<20)
            _ = await Self.waitUntil("10 more messages through the second node") { Set(received.value).count == 20 }
            #expect(publisher.connectionName?.hasSuffix(":\(second.port)") == true, "publisher on \(publisher.connectionName ?? "-")")
            #expect(consumer.connectionName?.hasSuffix(":\(second.port)") == true, "consumer on \(consumer.connectionName ?? "-")")
            consumer.stopConsuming()
            await reader.value
        }
        #expect(Set(received.value) == Set((0..<20).map { "dies-\($0)" }), "every message arrived")
        let left = try await TestEnvironment.admin { try $0.stats(queue)?.messages }
        #expect(left == 0)
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }
}
