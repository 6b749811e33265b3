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

@Suite("Broker clients against the real RabbitMQ")
struct BrokerClientTests {
    @Test("confirmed publishes are all consumed exactly once with manual acks")
    func publishAndConsume() async throws {
        let queue = TestEnvironment.unique("test.roundtrip")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let publisher = AMQPPublisher(url: TestEnvironment.brokerURL, logger: TestEnvironment.logger)
        let consumer = AMQPConsumer(url: TestEnvironment.brokerURL, queue: queue, prefetch: 100, logger: TestEnvironment.logger)
        let count = 2000
        try await withRunningClients([publisher]) {
            // Concurrent batches exercise pipelined confirms across callers.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in 0..<20 {
                    group.addTask {
                        let messages = (0..<count / 20).map { i in
                            OutgoingMessage(exchange: "", routingKey: queue, body: Data("\(batch * 100 + i)".utf8),
                                            messageId: "m\(batch * 100 + i)", headers: ["x-n": .int(Int64(i))])
                        }
                        try await publisher.publish(messages)
                    }
                }
                try await group.waitForAll()
            }
        }
        let depth = try await TestEnvironment.admin { try $0.stats(queue)?.messages }
        #expect(depth == count)

        let seen = try await withRunningClients([consumer]) {
            var seen = Set<String>()
            for await delivery in consumer.deliveries {
                seen.insert(String(decoding: delivery.body, as: UTF8.self))
                #expect(delivery.headers["x-n"]?.intValue != nil)
                consumer.settle(delivery, .ack)
                if seen.count == count { consumer.stopConsuming() }
            }
            return seen
        }
        #expect(seen.count == count)
        let left = try await TestEnvironment.admin { try $0.stats(queue)?.messages }
        #expect(left == 0)
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }

    @Test("an unroutable publish fails instead of vanishing")
    func unroutable() async throws {
        let publisher = AMQPPublisher(url: TestEnvironment.brokerURL, logger: TestEnvironment.logger)
        try await withRunningClients([publisher]) {
            await #expect(throws: BrokerError.self) {
                try await publisher.publish([OutgoingMessage(exchange: "", routingKey: TestEnvironment.unique("nowhere"),
                                                             body: Data("x".utf8), messageId: "lost")])
            }
            // The publisher keeps working afterwards.
            let queue = TestEnvironment.unique("test.after")
            try await TestEnvironment.admin { try $0.declareQueue(queue) }
            try await publisher.publish([OutgoingMessage(exchange: "", routingKey: queue, body: Data("y".utf8), messageId: "ok")])
            try await TestEnvironment.admin { try $0.deleteQueue(queue) }
        }
    }

    @Test("a requeued delivery comes back; an unsettled one returns after close")
    func requeue() async throws {
        let queue = TestEnvironment.unique("test.requeue")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let publisher = AMQPPublisher(url: TestEnvironment.brokerURL, logger: TestEnvironment.logger)
        let consumer = AMQPConsumer(url: TestEnvironment.brokerURL, queue: queue, prefetch: 10, logger: TestEnvironment.logger)
        let deliveries = try await withRunningClients([publisher, consumer]) {
            try await publisher.publish([OutgoingMessage(exchange: "", routingKey: queue, body: Data("a".utf8), messageId: "a")])
            var deliveries = 0
            for await delivery in consumer.deliveries {
                deliveries += 1
                if deliveries == 1 {
                    #expect(!delivery.redelivered)
                    consumer.settle(delivery, .requeue)
                } else {
                    #expect(delivery.redelivered)
                    consumer.settle(delivery, .ack)
                    consumer.stopConsuming()
                }
            }
            return deliveries
        }
        #expect(deliveries == 2)
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }

    @Test("topology apply is idempotent against the imported definitions")
    func topologyApply() async throws {
        try await TestEnvironment.admin { admin in
            try admin.declare(TestEnvironment.topology)
            try admin.declare(TestEnvironment.topology)
        }
        let queues = TestEnvironment.topology.queues(for: .frameRenderer)
        #expect(queues.workQueue == "dreamframe.frame-renderer")
        #expect(queues.retries.map(\.delay) == [.seconds(1), .seconds(10), .seconds(60)])
        #expect(queues.deadQueue == "dreamframe.frame-renderer.dead")
        let stats = try await TestEnvironment.admin { try $0.stats(queues.deadQueue) }
        #expect(stats != nil)
        let missing = try await TestEnvironment.admin { try $0.stats(TestEnvironment.unique("absent")) }
        #expect(missing == nil)
    }
}
