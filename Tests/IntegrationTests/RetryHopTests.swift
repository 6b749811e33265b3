import Clients
import DreamFrameCore
import Foundation
import Pipeline
import Testing
import TestSupport

/// The delay queues hand messages back at least once, across a broker restart (RabbitMQ node stopped and
/// started again after their TTL).
@Suite("Retry hop across a broker restart", .serialized)
struct RetryHopTests {
    @Test("messages waiting in a delay queue reach the work queue after the node stops and starts past their TTL")
    func retriesSurviveRestart() async throws {
        let services = try IsolatedServices()
        try await services.up()
        do {
            let queues = TestPaths.topology.queues(for: .styleTrainer)
            let delay = queues.retries[0]
            let publisher = AMQPPublisher(url: try services.brokerURL, logger: TestPaths.quietLogger)
            try await withRunningClients([publisher]) {
                try await publisher.publish((0..<5).map { n in
                    OutgoingMessage(exchange: delay.exchange, routingKey: delay.routingKey,
                                    body: Data("retry \(n)".utf8), messageId: "retry-\(n)")
                })
            }
            try await services.down(["rabbitmq"])
            try await Task.sleep(for: delay.delay + .seconds(2))
            try await services.up(["rabbitmq"])
            let url = try services.brokerURL
            var waiting = -1
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                waiting = try await BlockingWork.run {
                    let admin = try AMQPAdmin(url: url)
                    defer { admin.close() }
                    return try admin.stats(queues.workQueue)?.messages ?? -1
                }
                if waiting == 5 { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(waiting == 5, "all five retries came back to \(queues.workQueue)")
        } catch {
            try? await services.down(["--wipe"])
            throw error
        }
        try await services.down(["--wipe"])
    }
}
