import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// `amqps://` against a RabbitMQ node of the test's own with a TLS listener (`ops/services-up.sh` with
/// `DF_AMQPS_PORT`) whose certificate a CA made by the test signed, and which requires a client certificate.
@Suite("Broker over TLS: amqps:// with a CA, a client certificate and verification on")
struct BrokerTLSTests {
    @Test("publish and consume over amqps with verification; failover across amqps nodes; plain amqp:// unchanged; wrong CA, host or missing client certificate refused with a clear error")
    func amqps() async throws {
        let pki = try await TestCertificates.make()
        let tlsPort = try IsolatedServices.freePort()
        let services = try IsolatedServices(settings: [
            "DF_AMQPS_PORT": String(tlsPort), "DF_AMQPS_CA": pki.ca, "DF_AMQPS_CERT": pki.serverCertificate,
            "DF_AMQPS_KEY": pki.serverKey, "DF_AMQPS_VERIFY_CLIENT": "1",
        ])
        try await services.up(["rabbitmq"])
        do {
            try await check(services, pki, tlsPort)
        } catch {
            try? await services.down(["--wipe", "rabbitmq"])
            throw error
        }
        try await services.down(["--wipe", "rabbitmq"])
    }

    private func check(_ services: IsolatedServices, _ pki: TestCertificates, _ tlsPort: Int) async throws {
        let tls = AMQPTLS(caCertificate: pki.ca, clientCertificate: pki.clientCertificate, clientKey: pki.clientKey)
        // The certificate names localhost: rabbitmq-c checks the host name of the URL against its DNS names.
        let secure = try AMQPEndpoints(parsing: "amqps://guest:guest@localhost:\(tlsPort)/%2F", tls: tls)
        try await roundTrip(secure, count: 200)

        // Failover: a dead amqps node first, then the live one; clients move on as with plain URLs.
        let dead = try IsolatedServices.freePort()
        let cluster = try AMQPEndpoints(parsing: "amqps://guest:guest@localhost:\(dead)/%2F,amqps://guest:guest@localhost:\(tlsPort)/%2F",
                                        tls: tls)
        try await roundTrip(cluster, count: 20)

        // The same node's plain listener still works with a plain URL.
        try await roundTrip(AMQPEndpoints(try services.brokerURL), count: 20)

        let wrongCA = try AMQPEndpoints(parsing: "amqps://guest:guest@localhost:\(tlsPort)/%2F",
                                        tls: AMQPTLS(caCertificate: pki.otherCA, clientCertificate: pki.clientCertificate,
                                                     clientKey: pki.clientKey))
        try expectRefused(wrongCA, saying: ["not signed by a CA in \(pki.otherCA)"])
        let byAddress = try AMQPEndpoints(parsing: "amqps://guest:guest@127.0.0.1:\(tlsPort)/%2F", tls: tls)
        try expectRefused(byAddress, saying: ["does not name the host '127.0.0.1'"])
        let noClientCertificate = try AMQPEndpoints(parsing: "amqps://guest:guest@localhost:\(tlsPort)/%2F",
                                                    tls: AMQPTLS(caCertificate: pki.ca))
        try expectRefused(noClientCertificate, saying: ["TLS"])
        let plainOnTLSPort = try AMQPEndpoints(parsing: "amqp://guest:guest@localhost:\(tlsPort)/%2F")
        #expect(throws: (any Error).self) { try AMQPAdmin(endpoints: plainOnTLSPort) }

        // A stage given the wrong CA stops at start with a configuration error naming the setting (exit 64).
        let out = try TestPaths.temporaryDirectory("df-tls-stage")
        let stage = try StageProcess(stage: .qaValidator, environment: [
            "DREAMFRAME_BROKER_URL": "amqps://guest:guest@localhost:\(tlsPort)/%2F",
            "DREAMFRAME_BROKER_CA": pki.otherCA, "DREAMFRAME_BROKER_CERT": pki.clientCertificate,
            "DREAMFRAME_BROKER_KEY": pki.clientKey,
            "DREAMFRAME_REDIS_URL": "redis://dreamframe:x@127.0.0.1:\(try IsolatedServices.freePort())/0",
            "DREAMFRAME_TOPOLOGY": TestPaths.topology.source, "DREAMFRAME_OUT": out.path,
        ], logFile: out.appendingPathComponent("qa-validator.log"))
        let status = await stage.waitForExit(timeout: .seconds(60))
        if status == nil { stage.kill9() }
        #expect(status == 64, "\(stage.logTail())")
        #expect(stage.logTail().contains("--broker-url") && stage.logTail().contains("not signed by a CA"), "\(stage.logTail())")
    }

    /// Publishes `count` messages with confirms to a fresh queue and consumes them back, all through `endpoints`.
    private func roundTrip(_ endpoints: AMQPEndpoints, count: Int) async throws {
        let queue = TestPaths.unique("tls.roundtrip")
        try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: endpoints)
            defer { admin.close() }
            try admin.declareQueue(queue)
        }
        let publisher = AMQPPublisher(endpoints: endpoints, logger: TestPaths.quietLogger)
        try await withRunningClients([publisher]) {
            try await publisher.publish((0..<count).map {
                OutgoingMessage(exchange: "", routingKey: queue, body: Data("m\($0)".utf8), messageId: "m\($0)")
            })
        }
        let consumer = AMQPConsumer(endpoints: endpoints, queue: queue, prefetch: 50, logger: TestPaths.quietLogger)
        let seen = try await withRunningClients([consumer]) {
            var seen = Set<String>()
            for await delivery in consumer.deliveries {
                seen.insert(String(decoding: delivery.body, as: UTF8.self))
                consumer.settle(delivery, .ack)
                if seen.count == count { consumer.stopConsuming() }
            }
            return seen
        }
        #expect(seen == Set((0..<count).map { "m\($0)" }), "\(endpoints)")
        try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: endpoints)
            defer { admin.close() }
            try admin.deleteQueue(queue)
        }
    }

    /// Expects a connection through `endpoints` to be refused as an access error whose text has every phrase.
    private func expectRefused(_ endpoints: AMQPEndpoints, saying phrases: [String]) throws {
        do {
            let admin = try AMQPAdmin(endpoints: endpoints)
            admin.close()
            Issue.record("\(endpoints) was let in")
        } catch let error as BrokerError {
            guard case .accessDenied(let why) = error else { Issue.record("\(endpoints): \(error)"); return }
            for phrase in phrases { #expect(why.contains(phrase), "\(why)") }
            #expect(error.failureKind == .outage, "a stage holds its work; it never dead-letters it for this")
        }
        #expect(throws: BrokerError.self) { try endpoints.checkAccess() }
    }
}
