import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe bench broker` (the default): throughput of the broker and Redis clients on this machine (figures,
/// not assertions).
struct BenchBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "broker", abstract: "Measure confirmed publishes, consume+ack and Redis commands per second.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("messages"), help: "Messages (and Redis commands) per measurement.")
    var messages: Int = 20_000

    @Option(name: .customLong("batch"), help: "Messages per confirmed publish batch.")
    var batch: Int = 100

    func validate() throws {
        guard messages >= 100 else { throw ValidationError("--messages: expected at least 100, got \(messages)") }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch: expected 1...10000, got \(batch)") }
    }

    func run() async throws {
        try await withServices(connection) { services in
            let url = services.settings.brokerURL
            let queue = "dreamframe.bench.\(UUID().uuidString.prefix(8).lowercased())"
            try await BlockingWork.run { let a = try AMQPAdmin(url: url); defer { a.close() }; try a.declareQueue(queue) }
            let body = Data(repeating: UInt8(ascii: "x"), count: 1024)
            let batches = messages / batch
            var start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for b in 0..<batches {
                    group.addTask {
                        try await services.publisher.publish((0..<batch).map {
                            OutgoingMessage(exchange: "", routingKey: queue, body: body, messageId: "b\(b)-\($0)")
                        })
                    }
                    if b >= 8 { try await group.next() }
                }
                try await group.waitForAll()
            }
            report("confirmed persistent publishes (1 KiB, batches of \(batch))", batches * batch, since: start)

            start = ContinuousClock.now
            let consumer = AMQPConsumer(url: url, queue: queue, prefetch: 500, logger: services.logger)
            let received = try await withRunningClients([consumer], logger: services.logger) {
                var received = 0
                for await delivery in consumer.deliveries {
                    consumer.settle(delivery, .ack)
                    received += 1
                    if received == batches * batch { consumer.stopConsuming() }
                }
                return received
            }
            report("consume + ack (prefetch 500)", received, since: start)
            try await BlockingWork.run { let a = try AMQPAdmin(url: url); defer { a.close() }; try a.deleteQueue(queue) }

            let key = "df:bench:\(UUID().uuidString)"
            start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<64 {
                    group.addTask {
                        for i in stride(from: worker, to: messages, by: 64) {
                            try await services.redis.send(["SETBIT", key, String(i), "1"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            report("Redis SETBIT from 64 concurrent callers (auto-pipelined)", messages, since: start)
            try await services.redis.send(["DEL", key])
        }
    }

    private func report(_ what: String, _ count: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "%-62@ %8d in %6.2f s = %9.0f /s", what as NSString, count, seconds, Double(count) / seconds))
    }
}
