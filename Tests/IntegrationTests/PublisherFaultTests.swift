import Foundation
import Testing
@testable import Clients
import DreamFrameCore

/// The publisher never loses a caller: not when its connection breaks mid-batch, not for a message that can never go.
@Suite("Publisher under faults")
struct PublisherFaultTests {
    /// Every message id in `queue`, taken off it (with duplicates collapsed).
    static func drain(_ queue: String) async throws -> Set<String> {
        try await TestEnvironment.admin { admin in
            var ids = Set<String>()
            while let delivery = try admin.get(queue) {
                if let id = delivery.messageId { ids.insert(id) }
                try admin.ack(delivery)
            }
            return ids
        }
    }

    @Test("1000 concurrent publishes through connections reset mid-write: every caller returns, every success is queued")
    func resetsMidBatch() async throws {
        let queue = TestEnvironment.unique("test.resets")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        // Three connections are reset after 2 MB from the publisher, while it is still writing its batch.
        let proxy = try TCPFaultProxy(mode: .forward, resets: 3, resetAfterBytes: 2 << 20)
        defer { proxy.stop() }
        let publisher = AMQPPublisher(url: try BrokerFaultTests.url(port: proxy.port), logger: TestEnvironment.logger,
                                      waitForConnection: 120)
        let count = 1000
        let outcomes = Guarded<[Int: Bool]>([:])
        let body = Data(repeating: UInt8(ascii: "x"), count: 10 * 1024)
        try await withRunningClients([publisher]) {
            for i in 0..<count {
                // Unstructured on purpose: a caller the publisher lost would never return, and must not hang the test.
                Task {
                    let message = OutgoingMessage(exchange: "", routingKey: queue, body: body, messageId: "reset-\(i)")
                    let ok = (try? await publisher.publish([message])) != nil
                    outcomes.withLock { $0[i] = ok }
                }
            }
            let allReturned = await BrokerFaultTests.waitUntil("every publish caller to return", timeout: .seconds(180)) {
                outcomes.value.count == count
            }
            #expect(allReturned, "\(count - outcomes.value.count) of \(count) callers never returned")
        }
        #expect(proxy.resets == 3, "the proxy reset connections mid-publish")
        let succeeded = outcomes.value.filter(\.value).map { "reset-\($0.key)" }
        #expect(!succeeded.isEmpty)
        let queued = try await Self.drain(queue)
        let missing = Set(succeeded).subtracting(queued)
        #expect(missing.isEmpty, "\(missing.count) confirmed messages are not in the queue")
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }

    @Test("a message id over 255 bytes fails its publish alone; the others succeed on the same connection")
    func overlongShortString() async throws {
        let queue = TestEnvironment.unique("test.overlong")
        try await TestEnvironment.admin { try $0.declareQueue(queue) }
        let publisher = AMQPPublisher(url: TestEnvironment.brokerURL, logger: TestEnvironment.logger,
                                      waitForConnection: 10)
        try await withRunningClients([publisher]) {
            try await publisher.publish([OutgoingMessage(exchange: "", routingKey: queue, body: Data("w".utf8),
                                                         messageId: "warm-up")])
            let connection = publisher.connectionName
            #expect(connection != nil)
            let overlong = String(repeating: "i", count: 300)
            let results = await withTaskGroup(of: (String, Result<Void, any Error>).self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let id = i == 25 ? overlong : "ok-\(i)"
                        let message = OutgoingMessage(exchange: "", routingKey: queue, body: Data("\(i)".utf8), messageId: id)
                        do {
                            try await publisher.publish([message])
                            return (id, .success(()))
                        } catch {
                            return (id, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [String: Result<Void, any Error>]()) { $0[$1.0] = $1.1 }
            }
            for (id, result) in results where id != overlong {
                #expect((try? result.get()) != nil, "\(id) failed")
            }
            do {
                try results[overlong]?.get()
                Issue.record("a 300-byte message id was published")
            } catch let error as BrokerError {
                guard case .invalidMessage(let why) = error else { Issue.record("wrong error: \(error)"); return }
                #expect(why.contains("message id") && why.contains("300"), "\(why)")
                #expect(error.failureKind == .permanent)
            }
            let headerKey = OutgoingMessage(exchange: "", routingKey: queue, body: Data(), messageId: "h",
                                            headers: [String(repeating: "k", count: 256): .int(1)])
            await #expect(throws: BrokerError.self) { try await publisher.publish([headerKey]) }
            #expect(publisher.connectionName == connection, "the connection was not replaced")
        }
        let queued = try await Self.drain(queue)
        #expect(queued == Set(["warm-up"] + (0..<50).filter { $0 != 25 }.map { "ok-\($0)" }))
        try await TestEnvironment.admin { try $0.deleteQueue(queue) }
    }
}
