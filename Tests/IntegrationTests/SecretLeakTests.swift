import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// A whole run made with known secrets — the Redis password, the broker password (over amqps://) and the model
/// API key — then every artifact it left is searched for them, and every page the web console and a stage's
/// metrics port serve, after the run and during a Redis outage.
@Suite("No secret in any artifact")
struct SecretLeakTests {
    @Test("logs, dead letters, status, repair, replay, dataset card, gallery, records, stories, console pages, metrics and Redis hold none of the run's secrets")
    func noSecretInArtifacts() async throws {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let secrets = ["redis password": "redisPw-S3cr3t-\(tag)", "broker password": "brokerPw-S3cr3t-\(tag)",
                       "model API key": "sk-S3cr3t-\(tag)", "mistyped password": "typoPw/S3cr3t#\(tag)"]
        let pki = try await TestCertificates.make()
        let tlsPort = try IsolatedServices.freePort()
        let services = try IsolatedServices(settings: [
            "DF_REDIS_PASSWORD": secrets["redis password"]!, "DF_AMQP_USER": "dfleak",
            "DF_AMQP_PASSWORD": secrets["broker password"]!, "DF_AMQPS_PORT": String(tlsPort), "DF_AMQPS_CA": pki.ca,
            "DF_AMQPS_CERT": pki.serverCertificate, "DF_AMQPS_KEY": pki.serverKey,
        ])
        try await services.up()
        do {
            try await ModelStubServer.with(apiKey: secrets["model API key"]!) { stub in
                try await runAndSearch(services, pki: pki, tlsPort: tlsPort, stub: stub, secrets: secrets)
            }
        } catch {
            try? await services.down(["--wipe"])
            throw error
        }
        try await services.down(["--wipe"])
    }

    private func runAndSearch(_ services: IsolatedServices, pki: TestCertificates, tlsPort: Int, stub: ModelStubServer,
                              secrets: [String: String]) async throws {
        let out = try TestPaths.temporaryDirectory("df-leak-out")
        let brokerURL = "amqps://dfleak:\(secrets["broker password"]!)@localhost:\(tlsPort)/%2F"
        let environment = [
            "DREAMFRAME_BROKER_URL": brokerURL, "DREAMFRAME_BROKER_CA": pki.ca,
            "DREAMFRAME_REDIS_URL": services.redisURLText, "DREAMFRAME_TOPOLOGY": TestPaths.topology.source,
            "DREAMFRAME_OUT": out.path, "DREAMFRAME_LOG_LEVEL": "trace",
            "DREAMFRAME_STORY_MODEL": "openai", "DREAMFRAME_STORY_MODEL_URL": stub.url("/v1").absoluteString,
            "DREAMFRAME_STORY_MODEL_NAME": "stub", "DREAMFRAME_API_KEY_ENV": "DF_LEAK_TEST_API_KEY",
            "DF_LEAK_TEST_API_KEY": secrets["model API key"]!,
        ]
        var scan = SecretScan(secrets)
        var outputs: [(String, CLI.Result)] = []
        let runId = "leak-\(UUID().uuidString.prefix(8).lowercased())"
        let run = try await CLI.run(["run", "--run-id", runId, "--movies", "2", "--branching", "2,2,2", "--renderers", "1",
                                     "--size", "96x54", "--timeout", "600"], environment: environment)
        // The secrets were used: the run completed through Redis, the broker and the model server that checks the key.
        #expect(run.status == 0, "\(run.output)")
        try #require(run.output.contains("dataset:"), "\(run.output)")
        outputs.append(("dreamframe run", run))

        // Dead letters: a model error that repeats the credential, and a message that is not JSON. This stage also
        // serves its metrics port, searched below.
        let metricsPort = try IsolatedServices.freePort()
        let failing = try StageProcess(stage: .plotWriter, arguments: ["--metrics-port", String(metricsPort)], environment: environment.merging(
            ["DREAMFRAME_STORY_MODEL_NAME": "stub-400-echo"]) { _, new in new },
            logFile: out.appendingPathComponent("\(runId)/logs/plot-writer-failing.log"))
        let submit = try await CLI.run(["submit", "--run-id", "\(runId)-failing", "--movies", "1", "--branching", "2,2,2"],
                                       environment: environment)
        outputs.append(("dreamframe submit", submit))
        let endpoints = try AMQPEndpoints(parsing: brokerURL, tls: AMQPTLS(caCertificate: pki.ca))
        let topology = TestPaths.topology
        let publisher = AMQPPublisher(endpoints: endpoints, logger: TestPaths.quietLogger)
        try await withRunningClients([publisher]) {
            try await publisher.publish([OutgoingMessage(exchange: "", routingKey: topology.queues(for: .plotWriter).workQueue,
                                                         body: Data("not json".utf8), messageId: "garbage-\(runId)")])
        }
        try await waitFor("two dead letters of the plot writer, \(failing.logTail())") {
            try await BlockingWork.run {
                let admin = try AMQPAdmin(endpoints: endpoints)
                defer { admin.close() }
                return try admin.stats(topology.queues(for: .plotWriter).deadQueue)?.messages ?? 0
            } >= 2
        }
        // The web console's pages and the stage's metrics port, after the run and its dead letters.
        let console = try await ConsoleProcess.start(environment: environment.merging(
            ["DREAMFRAME_MANAGEMENT_URL": services.managementURL]) { _, new in new },
            log: out.appendingPathComponent("\(runId)/logs/console.log"))
        var consoleStopped = false
        defer { if !consoleStopped { console.stop() } }
        let consolePages = ["/", "/dead", "/dead?run=\(runId)-failing", "/styles", "/runs/\(runId)", "/runs/\(runId)-failing",
                            "/gallery/\(runId)/index.html"].map { ("console \($0)", URL(string: console.baseURL + $0)!) }
        let stagePages = ["/metrics", "/healthz", "/readyz"].map {
            ("plot-writer \($0)", URL(string: "http://127.0.0.1:\(metricsPort)\($0)")!)
        }
        let pages = await scan.searchPages(consolePages + stagePages)
        #expect(pages["console /"]?.contains(runId) == true, "the console shows the run: \(pages["console /"] ?? "no answer")")
        #expect(pages["console /dead?run=\(runId)-failing"]?.contains("x-df-error") == true, "the console shows the dead letters")
        #expect(pages["plot-writer /metrics"]?.contains("dreamframe_messages_total") == true, "the stage's metrics answered")
        // A Redis outage: the stage logs its lost connection (the URL in failure paths), and its readiness, its metrics
        // and the console say what they can; then Redis comes back.
        try await services.down(["redis"])
        try await waitFor("the plot writer to log the Redis outage") {
            failing.logTail(lines: 400).contains("redis connection failed")
        }
        let outagePages = await scan.searchPages([consolePages[0], consolePages[4]] + stagePages, timeout: .seconds(45))
        #expect(outagePages["plot-writer /readyz"] != nil, "the stage answered its readiness during the outage")
        try await services.up(["redis"])
        failing.terminate()
        _ = await failing.waitForExit()
        console.stop()
        consoleStopped = true

        for arguments in [["status", "--json"], ["status", runId], ["repair", "--json", "--stale", "0"],
                          ["replay", "list", "--json"], ["export", runId]] {
            let result = try await CLI.run(arguments, environment: environment)
            // status exits 2: the run's dead letter (the model error below) needs a person.
            #expect(result.status == (arguments[0] == "status" ? 2 : 0), "\(arguments): \(result.output)")
            outputs.append((arguments.joined(separator: " "), result))
        }
        // Mistyped URLs (a password with an unencoded / and #) are refused without showing the password.
        let typo = secrets["mistyped password"]!
        for arguments in [["status", "--redis-url", "redis://dreamframe:\(typo)@127.0.0.1:6379/0"],
                          ["status", "--broker-url", "amqps://dfleak:\(typo)@localhost:\(tlsPort)/%2F"]] {
            let result = try await CLI.run(arguments, environment: environment)
            #expect(result.status == 64, "\(arguments[1]): \(result.output)")
            outputs.append((arguments.prefix(2).joined(separator: " "), result))
        }
        let replay = try #require(outputs.last { $0.0 == "replay list --json" }?.1.output)
        #expect(replay.contains("HTTP 400") && replay.contains("bad request from"),
                "the model error that repeats the credential was dead-lettered: \(replay)")
        let letters = try await scan.searchDeadLetters(endpoints, topology: topology)
        #expect(letters >= 2)
        let files = try scan.searchFiles(under: out)
        for expected in ["\(runId)/logs/story-expander-1.log", "\(runId)/logs/frame-renderer-1.log",
                         "\(runId)/dataset/README.md", "\(runId)/index.html", "\(runId)/videos/movie-0001/record.json",
                         "\(runId)/videos/movie-0001/story.json"] {
            #expect(files.contains(expected), "the run wrote \(expected): \(files.sorted().prefix(40))")
        }
        for (what, result) in outputs { scan.search(result.output, in: "output of \(what)") }
        let admin = RedisClient(url: try services.redisAdminURL, logger: TestPaths.quietLogger)
        let keys = try await withRunningClients([admin]) { try await scan.searchRedis(admin) }
        #expect(keys > 10)
        #expect(scan.findings.isEmpty, "secrets found: \(scan.findings) (searched \(scan.places) places)")
        try? FileManager.default.removeItem(at: out)
    }

    /// Waits until `condition` holds, looking every 100 ms; fails the test after 3 minutes.
    private func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
