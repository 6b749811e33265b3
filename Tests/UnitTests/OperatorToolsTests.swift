@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import Testing
import TestSupport

@Suite("Operator tools: pid files, the derived management URL, dead letters' headers and body preview")
struct OperatorToolsTests {
    @Test("A pid file holds the pid, refuses a live holder, replaces a stale one and is removed only by its owner")
    func pidFile() throws {
        let folder = try TestPaths.temporaryDirectory("pidfile")
        let path = folder.appendingPathComponent("stage.pid").path
        let mine = PidFile(path: path)
        try mine.create()
        #expect(PidFile.read(path) == getpid())
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
        let other = PidFile(path: path, pid: getpid() + 100_000)
        #expect(throws: ConfigurationError.self, "a live process holds it") { try other.create() }
        #expect(!other.remove(), "only the process it names removes it")
        #expect(mine.remove() && !FileManager.default.fileExists(atPath: path))

        let dead: Int32 = 4_194_305   // above the largest pid_max Linux allows (2^22): no process has it
        #expect(!PidFile.isAlive(dead))
        try Data("\(dead)\n".utf8).write(to: URL(fileURLWithPath: path))
        try mine.create()
        #expect(PidFile.read(path) == getpid(), "a stale file is replaced")
        #expect(throws: ConfigurationError.self, "an unwritable folder is a setting to fix") {
            try PidFile(path: "/nonexistent-folder/x.pid").create()
        }
    }

    @Test("The management URL is the broker's host on its AMQP port + 10000, https for amqps")
    func managementURL() throws {
        #expect(try AMQPURL("amqp://guest:guest@127.0.0.1:5673/%2F").derivedManagementURL.absoluteString == "http://127.0.0.1:15673")
        #expect(try AMQPURL("amqp://u:p@broker.example/%2F").derivedManagementURL.absoluteString == "http://broker.example:15672")
        #expect(try AMQPURL("amqps://u:p@broker.example/%2F").derivedManagementURL.absoluteString == "https://broker.example:15671")
        #expect(try AMQPURL("amqp://u:p@[::1]:5730/%2F").derivedManagementURL.absoluteString == "http://[::1]:15730")
        #expect(try AMQPURL("amqp://u:p@h:60000/%2F").derivedManagementURL.port == 15672, "no port past 65535")
    }

    @Test("The management URL setting: given (flag, environment or file) it wins; a bad one names the flag; else derived")
    func managementSetting() async throws {
        func settings(_ environment: [String: String]) async throws -> Settings {
            let source = try await SettingsSource.load(flags: [:], explicitFile: nil, environment: environment)
            return Settings(broker: try AMQPEndpoints(parsing: "amqp://u:p@broker-a:5730/%2F,amqp://u:p@broker-b:5731/%2F"),
                            redisURL: try RedisURL("redis://127.0.0.1:6390/0"), topology: TestPaths.topology, outputRoot: "out",
                            logLevel: .info, source: source)
        }
        #expect(try await settings([:]).managementURL().absoluteString == "http://broker-a:15730", "the first node's")
        let given = try await settings(["DREAMFRAME_MANAGEMENT_URL": "https://mgmt.example:443"])
        #expect(try given.managementURL().absoluteString == "https://mgmt.example:443")
        let bad = try await settings(["DREAMFRAME_MANAGEMENT_URL": "ftp:nowhere"])
        #expect(throws: (any Error).self) { try bad.managementURL() }
        do { _ = try bad.managementURL() } catch { #expect("\(error)".contains("--management-url"), "\(error)") }
    }

    @Test("A dead letter lists every header and a bounded, cleaned preview of its body")
    func deadLetterPreview() {
        let body = Data(("{\"id\":\"x\u{1B}[31m\",\"pad\":\"" + String(repeating: "a", count: 2000) + "\"}").utf8)
        let delivery = Delivery(tag: 1, generation: 0, body: body, messageId: "run-1/movie-0001/f3",
                                headers: ["x-df-error": .string("render failed"), "x-df-attempt": .int(5),
                                          "x-custom": .string("line\nbreak"),
                                          "x-death": .array([.table(["queue": .string("dreamframe.frame-renderer"), "count": .int(1)])])],
                                redelivered: true, exchange: "dreamframe.dead", routingKey: "frame-renderer")
        let letter = DeadLetter(stage: .frameRenderer, queue: "dreamframe.frame-renderer.dead", delivery: delivery)
        #expect(Set(letter.headers.keys) == ["x-df-error", "x-df-attempt", "x-custom", "x-death"])
        #expect(letter.headers["x-df-attempt"] == "5" && letter.headers["x-death"]?.contains("dreamframe.frame-renderer") == true)
        #expect(!letter.headers["x-custom"]!.contains("\n"), "control characters are escaped")
        #expect(letter.bodyBytes == body.count)
        #expect(letter.bodyPreview.hasPrefix("{\"id\":\"x") && !letter.bodyPreview.contains("\u{1B}"))
        #expect(letter.bodyPreview.utf8.count < 600, "only the first \(DeadLetter.previewBytes) bytes")
    }

    @Test("A replayed letter keeps body and id, starts again at attempt 1 with its replays counted, without failure headers")
    func replayedMessage() {
        let delivery = Delivery(tag: 1, generation: 0, body: Data("{}".utf8), messageId: "run-1/movie-0001/f3",
                                headers: ["x-df-error": .string("boom"), "x-df-attempt": .int(5), "x-df-replays": .int(1),
                                          "x-delivery-count": .int(3), "x-df-run": .string("run-1"),
                                          "x-death": .array([])],
                                redelivered: false, exchange: "dreamframe.dead", routingKey: "frame-renderer")
        let letter = DeadLetter(stage: .frameRenderer, queue: "q", delivery: delivery)
        let queues = TestPaths.topology.queues(for: .frameRenderer)
        let message = DeadLetterReplayer.replayed(delivery, letter: letter, to: queues)
        #expect(message.body == delivery.body && message.messageId == "run-1/movie-0001/f3")
        #expect(message.exchange == queues.workExchange && message.routingKey == queues.workRoutingKey)
        #expect(message.headers[MessageHeaders.attempt]?.intValue == 1 && message.headers[MessageHeaders.replays]?.intValue == 2)
        #expect(message.headers["x-df-error"] == nil && message.headers["x-death"] == nil && message.headers["x-delivery-count"] == nil)
        #expect(message.headers["x-df-run"]?.stringValue == "run-1", "other headers stay")
    }
}
