@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore
import Foundation
import Testing
import TestSupport

/// The broker URL list (`--broker-url a,b,c`, a list in the config file) and the order clients try its nodes in.
@Suite("Broker endpoints: URL lists, heartbeat and the failover order")
struct BrokerEndpointsTests {
    private func file(_ name: String, _ text: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("df-endpoints").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("a comma-separated list parses in order, blanks around entries ignored; one URL is a list of one")
    func parsing() throws {
        let list = try AMQPEndpoints(parsing: " amqp://u:p@10.0.0.1:5672/%2F, amqp://u:p@10.0.0.2:5673/dev ,amqp://10.0.0.3,")
        #expect(list.urls.map(\.host) == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(list.urls.map(\.port) == [5672, 5673, 5672])
        #expect(list.urls.map(\.vhost) == ["/", "dev", "/"])
        #expect(list.primary.host == "10.0.0.1")
        #expect(list.heartbeatSeconds == 30)
        let one = try AMQPEndpoints(parsing: "amqp://guest:guest@127.0.0.1:5673/%2F")
        #expect(one.urls == [try AMQPURL("amqp://guest:guest@127.0.0.1:5673/%2F")])
        #expect(one == AMQPEndpoints(try AMQPURL("amqp://guest:guest@127.0.0.1:5673/%2F")))
        let encoded = try AMQPEndpoints(parsing: "amqp://u:a%2Cb@h1/%2F,amqp://u:c@h2/%2F")
        #expect(encoded.urls.map(\.password) == ["a,b", "c"], "a comma in a password is percent-encoded")
    }

    @Test("passwords never show: not in the description, not in an error about a bad entry")
    func redaction() throws {
        let list = try AMQPEndpoints(parsing: "amqp://u:secret1@h1/%2F,amqp://u:secret2@h2/%2F")
        #expect(list.description == "amqp://u:***@h1:5672/%2F,amqp://u:***@h2:5672/%2F")
        #expect {
            _ = try AMQPEndpoints(parsing: "amqp://u:secret1@h1/%2F,http://u:secret2@h2/%2F")
        } throws: { error in
            let text = "\(error)"
            return text.contains("broker URL 2 of 2") && !text.contains("secret")
        }
    }

    @Test("an empty list and a heartbeat out of range are errors")
    func invalid() throws {
        #expect(throws: ConfigurationError.self) { try AMQPEndpoints(parsing: " , ") }
        let url = try AMQPURL("amqp://h/%2F")
        #expect(throws: ConfigurationError.self) { try AMQPEndpoints([url], heartbeatSeconds: -1) }
        #expect(throws: ConfigurationError.self) { try AMQPEndpoints([url], heartbeatSeconds: 65_536) }
        #expect(try AMQPEndpoints([url], heartbeatSeconds: 0).heartbeatSeconds == 0, "0 turns heartbeats off")
    }

    @Test("settings: the list from the environment, a JSON list and a YAML list in the config file; --heartbeat")
    func settings() async throws {
        let fromEnvironment = try await SettingsSource.load(
            flags: [.heartbeat: "5"], environment: ["DREAMFRAME_BROKER_URL": "amqp://h1/%2F,amqp://h2/%2F"])
        let broker = try ConnectionOptions.broker(fromEnvironment)
        #expect(broker.urls.map(\.host) == ["h1", "h2"])
        #expect(broker.heartbeatSeconds == 5)

        let json = try file("c.json", #"{"broker_url": ["amqp://j1/%2F", "amqp://j2/%2F", "amqp://j3/%2F"], "heartbeat": 7}"#)
        let fromJSON = try await SettingsSource.load(flags: [:], explicitFile: json, environment: [:])
        #expect(try ConnectionOptions.broker(fromJSON).urls.map(\.host) == ["j1", "j2", "j3"])
        #expect(try ConnectionOptions.broker(fromJSON).heartbeatSeconds == 7)

        let yaml = try file("c.yaml", "broker_url:\n  - amqp://y1/%2F\n  - amqp://y2/%2F\nheartbeat: 3\n")
        let fromYAML = try await SettingsSource.load(flags: [:], explicitFile: yaml,
                                                     environment: ["DREAMFRAME_HEARTBEAT": "4"])
        #expect(try ConnectionOptions.broker(fromYAML).urls.map(\.host) == ["y1", "y2"])
        #expect(try ConnectionOptions.broker(fromYAML).heartbeatSeconds == 4, "the environment beats the file")

        let defaults = try await SettingsSource.load(flags: [:], environment: [:])
        #expect(try ConnectionOptions.broker(defaults) == AMQPEndpoints(try AMQPURL(Settings.defaultBrokerURL)))
        let bad = try await SettingsSource.load(flags: [.heartbeat: "soon"], environment: [:])
        #expect { try ConnectionOptions.broker(bad) } throws: { "\($0)".contains("--heartbeat") }
        #expect(SettingKey.heartbeat.flag == "--heartbeat")
        #expect(SettingKey.heartbeat.environmentVariable == "DREAMFRAME_HEARTBEAT")
    }

    @Test("failover order: the next node at once after a failure, backoff only once every node failed in a row")
    func failoverOrder() throws {
        let urls = try ["a", "b", "c"].map { try AMQPURL("amqp://\($0)/%2F") }
        var cursor = FailoverCursor(try AMQPEndpoints(urls), connection: "amqp-test")
        #expect(cursor.current.host == "a")
        var visits: [(String, TimeInterval)] = []
        for _ in 0..<7 {
            let pause = cursor.failed()
            visits.append((cursor.current.host, pause))
        }
        #expect(visits.map(\.0) == ["b", "c", "a", "b", "c", "a", "b"])
        #expect(visits.map(\.1) == [0, 0, 0.1, 0, 0, 0.2, 0])
        cursor.connected("test", logger: TestPaths.quietLogger)
        #expect(cursor.failed() == 0 && cursor.current.host == "c", "a lost connection moves on at once")

        var single = FailoverCursor(AMQPEndpoints(urls[0]), connection: "amqp-test")
        let pauses = (0..<8).map { _ in single.failed() }
        #expect(pauses == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5], "one broker: the same node again, with backoff")
        #expect(single.current.host == "a")
        single.connected("test", logger: TestPaths.quietLogger)
        #expect(single.failed() == 0.1, "a connect resets the backoff")
    }
}
