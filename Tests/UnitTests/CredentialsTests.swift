@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore
import Foundation
import Testing
import TestSupport

/// Credentials and TLS in the connection settings: `amqps://` URLs and their TLS files, Redis ACL users, and how
/// a refused credential is classified (never a fault of a message).
@Suite("Credentials and TLS settings")
struct CredentialsTests {
    private func pem(_ name: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("df-tls").appendingPathComponent(name)
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: url)
        return url.path
    }

    @Test("amqps:// URLs: port 5671, TLS files from the query (RabbitMQ's names), verify on unless verify_none")
    func amqpsURL() throws {
        let plain = try AMQPURL("amqp://u:p@h/%2F")
        #expect(plain.tls == nil && plain.port == 5672)
        let tls = try AMQPURL("amqps://u:p@broker.example/%2F?cacertfile=/ca.pem&certfile=/c.pem&keyfile=/k.pem&heartbeat=5")
        #expect(tls.port == 5671)
        #expect(tls.tls == AMQPTLS(caCertificate: "/ca.pem", clientCertificate: "/c.pem", clientKey: "/k.pem"))
        #expect(tls.description == "amqps://u:***@broker.example:5671/%2F", "no password, no file names")
        #expect(try AMQPURL("amqps://h:6000/%2F?verify=verify_none").tls?.verifyPeer == false)
        #expect(try AMQPURL("amqps://h/%2F").tls == AMQPTLS(), "no files: the system CA bundle, verification on")
        #expect { try AMQPURL("amqps://h/%2F?verify=maybe") } throws: { "\($0)".contains("verify_peer or verify_none") }
        #expect { try AMQPURL("amqp://u:secret@h/%2F?cacertfile=/ca.pem") } throws: { error in
            "\(error)".contains("amqps://") && !"\(error)".contains("secret")
        }
    }

    @Test("TLS settings fill every amqps:// node's unset files; a URL's own win; plain nodes stay plain")
    func tlsDefaults() throws {
        let ca = try pem("ca.pem"), own = try pem("own-ca.pem"), cert = try pem("c.pem"), key = try pem("k.pem")
        let defaults = AMQPTLS(caCertificate: ca, clientCertificate: cert, clientKey: key)
        let list = try AMQPEndpoints(parsing: "amqps://h1/%2F,amqps://h2/%2F?cacertfile=\(own),amqp://h3/%2F",
                                     tls: defaults)
        #expect(list.urls[0].tls == defaults)
        #expect(list.urls[1].tls == AMQPTLS(caCertificate: own, clientCertificate: cert, clientKey: key))
        #expect(list.urls[2].tls == nil)
        #expect { try AMQPEndpoints(parsing: "amqp://h/%2F", tls: defaults) } throws: { "\($0)".contains("amqps://") }
        #expect { try AMQPEndpoints(parsing: "amqps://h/%2F", tls: AMQPTLS(clientCertificate: cert)) } throws: {
            "\($0)".contains("both a certificate and its key")
        }
        #expect { try AMQPEndpoints(parsing: "amqps://h/%2F?cacertfile=/no/such/ca.pem") } throws: {
            "\($0)".contains("/no/such/ca.pem") && "\($0)".contains("readable")
        }
    }

    @Test("--broker-ca / --broker-cert / --broker-key and their environment variables reach the endpoints")
    func tlsSettings() async throws {
        let ca = try pem("ca.pem"), cert = try pem("c.pem"), key = try pem("k.pem")
        let source = try await SettingsSource.load(
            flags: [.brokerCA: ca],
            environment: ["DREAMFRAME_BROKER_URL": "amqps://u:p@h1/%2F,amqps://u:p@h2/%2F",
                          "DREAMFRAME_BROKER_CERT": cert, "DREAMFRAME_BROKER_KEY": key])
        let broker = try ConnectionOptions.broker(source)
        #expect(broker.urls.allSatisfy { $0.tls == AMQPTLS(caCertificate: ca, clientCertificate: cert, clientKey: key) })
        #expect(SettingKey.brokerCA.flag == "--broker-ca" && SettingKey.brokerKey.environmentVariable == "DREAMFRAME_BROKER_KEY")
        let plain = try await SettingsSource.load(flags: [.brokerCA: ca], environment: [:])
        #expect { try ConnectionOptions.broker(plain) } throws: { "\($0)".contains("--broker-ca") }
    }

    @Test("Redis URLs carry an ACL user and a percent-encoded password; the default is the local pipeline user")
    func redisURL() throws {
        let url = try RedisURL("redis://dreamframe:p%40ss%3Aword@10.0.0.5:6390/2")
        #expect(url.user == "dreamframe" && url.password == "p@ss:word" && url.database == 2)
        #expect(url.description == "redis://dreamframe:***@10.0.0.5:6390/2")
        let legacy = try RedisURL("redis://:only-password@h:1/0")
        #expect(legacy.user == nil && legacy.password == "only-password")
        let local = try RedisURL(Settings.defaultRedisURL)
        #expect(local.user == "dreamframe" && local.password != nil)
    }

    @Test("refused credentials, ACL refusals and TLS trust failures are access errors: held as outages, never dead letters")
    func classification() {
        let refused = ["NOAUTH Authentication required.", "WRONGPASS invalid username-password pair or user is disabled.",
                       "NOPERM this user has no permissions to run the 'flushall' command",
                       "ERR The user executing the script can't run this command or subcommand script: abc, on @user_script:1."]
        for message in refused {
            let error = RedisError.reply(message)
            guard case .accessDenied = error else { Issue.record("\(message) is \(error)"); continue }
            #expect(error.failureKind == .outage && error.failureClass == "redis-access")
            #expect("\(error)".contains("--redis-url"))
        }
        guard case .server = RedisError.reply("ERR bit offset is not an integer or out of range") else {
            Issue.record("an ordinary error reply became an access error")
            return
        }
        let broker = BrokerError.accessDenied("TLS: the certificate of h:5671 is not signed by a CA in /ca.pem")
        #expect(broker.failureKind == .outage && broker.failureClass == "broker-access")
        #expect("\(broker)".contains("--broker-ca"))
    }
}
