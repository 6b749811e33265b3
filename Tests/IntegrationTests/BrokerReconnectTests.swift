import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("Broker clients recover from dropped connections")
struct BrokerReconnectTests {
    /// Closes one connection from the broker side, as a broker restart or a network cut would.
    static func closeConnection(_ name: String) async throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("ops/env.sh").path
        let status = try await ChildProcess.run("/bin/bash", ["-c", """
            source '\(script)' && rabbit_env
            pid=$(rabbitmqctl -q -n "$DF_NODENAME" list_connections pid name | awk -F'\\t' -v n='\(name)' '$2 == n { print $1 }')
            [ -n "$pid" ] && rabbitmqctl -q -n "$DF_NODENAME" close_connection "$pid" 'test: simulated failure'
            """])
        #expect(status == 0, "rabbitmqctl close_connection '\(name)'")
    }

    @Test("consumer and publisher reconnect with backoff and no message is lost")
    func reconnect() async throws {
        let queue = TestEnvironment.unique("test.reconnect")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let publisher = AMQPPublisher(url: TestEnvironment.brokerURL, logger: TestEnvironment.logger)
        let consumer = AMQPConsumer(url: TestEnvironment.brokerURL, queue: queue, prefetch: 10, logger: TestEnvironment.logger)
        func publish(_ range: Range<Int>) async throws {
            try await publisher.publish(range.map {
                OutgoingMessage(exchange: "", routingKey: queue, body: Data("\($0)".utf8), messageId: "r\($0)")
            })
        }
        let seen = try await withRunningClients([publisher]) {
            try await publish(0..<50)
            return try await withRunningClients([consumer]) {
                var seen = Set<String>()
                var dropped = false
                for await delivery in consumer.deliveries {
                    seen.insert(String(decoding: delivery.body, as: UTF8.self))
                    if seen.count == 20 && !dropped {
                        dropped = true
                        // Drop both connections while deliveries are unacked; both clients must come back by themselves.
                        try await Self.closeConnection(try #require(consumer.connectionName))
                        try await Self.closeConnection(try #require(publisher.connectionName))
                        try await publish(50..<100)
                    }
                    consumer.settle(delivery, .ack)
                    if seen.count == 100 { consumer.stopConsuming() }
                }
                return seen
            }
        }
        #expect(seen.count == 100, "every message arrived at least once")
        let left = try await TestEnvironment.admin { try $0.stats(queue)?.messages }
        #expect(left == 0)
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }
}
