import Clients
import DreamFrameCore
import Foundation
@testable import Models
@testable import Pipeline
import Testing
import TestSupport

/// The web console against real stages on services of its own, used through headless Chromium: a render fails on
/// the image server and is dead-lettered; the console shows it with its headers; a click on its Replay button
/// moves it back to work, and the movie completes. `status` and `wait` say what needs a person on the way.
@Suite("The web console in headless Chromium", .serialized)
struct ConsoleBrowserTests {
    static let branching = Branching(substories: 1, tinystories: 1, keyframes: 1)

    static func dead(_ services: IsolatedServices, _ stage: Stage) async throws -> Int {
        let queue = TestPaths.topology.queues(for: stage).deadQueue
        let url = try services.brokerURL
        return try await BlockingWork.run {
            let admin = try AMQPAdmin(url: url)
            defer { admin.close() }
            return try admin.stats(queue)?.messages ?? 0
        }
    }

    @Test("Click Replay on a dead letter: it leaves the dead-letter queue and the movie completes")
    func replayInBrowser() async throws {
        try await PipelineHarness.onIsolatedServices { harness, services in
            harness.environment["DREAMFRAME_MANAGEMENT_URL"] = services.managementURL
            let stub = try await DiffusionStub.start(.a1111)
            defer { stub.stop() }
            // Every render fails (HTTP 500) until the fault is lifted; one attempt, so it is dead-lettered at once.
            try await stub.faults(["error500": ["/sdapi/v1/txt2img": 1000]])
            for stage in [Stage.plotWriter, .storyExpander, .styleTrainer, .qaValidator] { try harness.start(stage) }
            try harness.start(.frameRenderer, arguments: ["--image-model", "a1111", "--image-model-url", stub.baseURL.absoluteString,
                                                          "--max-attempts", "1", "--repair-every", "0"])
            let run = try await harness.submit(movies: 1, branching: Self.branching)
            try await harness.waitUntil("the render dead-lettered") { try await Self.dead(services, .frameRenderer) == 1 }

            // For scripts: status needs a person (exit 2), wait says why the run cannot finish (exit 4).
            // A fresh node's management API lists a queue's unacked count only once it has collected statistics
            // (every 5 s): until then status shows none, so ask again until it does.
            var status = try await CLI.run(["status", run.runId, "--json"], environment: harness.environment)
            var fleet = try JSONDecoder().decode(FleetStatus.self, from: Data(status.output.utf8))
            let statsDeadline = ContinuousClock.now + .seconds(30)
            while fleet.stages.first(where: { $0.stage == "frame-renderer" })?.unacked == nil, ContinuousClock.now < statsDeadline {
                try await Task.sleep(for: .milliseconds(500))
                status = try await CLI.run(["status", run.runId, "--json"], environment: harness.environment)
                fleet = try JSONDecoder().decode(FleetStatus.self, from: Data(status.output.utf8))
            }
            #expect(status.status == 2, "\(status.output)")
            #expect(fleet.attention.contains { $0.contains("1 dead letter(s) in frame-renderer") })
            let renderer = try #require(fleet.stages.first { $0.stage == "frame-renderer" })
            #expect(renderer.processes.count == 1 && renderer.consumers == 1, "the renderer's heartbeat and subscription")
            #expect(renderer.unacked == 0, "the management API of the test's own node answers")
            let waited = try await CLI.run(["wait", run.runId, "--interval", "0.2"], environment: harness.environment)
            #expect(waited.status == 4 && waited.output.contains("dreamframe replay requeue --run \(run.runId)"), "\(waited.output)")
            try await stub.faults(["error500": ["/sdapi/v1/txt2img": 0]])

            let shots = try Browser.screenshotDirectory()
            let console = try await ConsoleProcess.start(environment: harness.environment,
                                                         log: harness.out.appendingPathComponent("logs/console.log"))
            defer { console.stop() }
            let deadPage = "\(console.baseURL)/dead?run=\(run.runId)"
            let before = try await GalleryCheck.open(URL(string: deadPage)!)
            #expect(before.dom.contains("1 dead letter(s) match") && before.dom.contains("x-df-error"), "\(before.dom)")
            #expect(before.dom.contains("class=\"dead-letter\" data-message=\"\(run.runId)/movie-0001/f1\""))
            try await Browser.screenshot(deadPage, to: shots.appendingPathComponent("console-dead-letters.png"))
            #expect(try await Self.dead(services, .frameRenderer) == 1, "looking at a dead letter does not move it")

            let after = try await Browser.click(deadPage, "tr.dead-letter button.replay",
                                                screenshot: shots.appendingPathComponent("console-replayed.png"))
            #expect(after.contains("1 message(s) requeued") && after.contains("\(run.runId)/movie-0001/f1"), "\(after)")
            try await harness.waitForCompletion(run)
            #expect(try await Self.dead(services, .frameRenderer) == 0, "the letter left the dead-letter queue")
            try harness.checkExactlyOnce(run)

            let finished = try await CLI.run(["wait", run.runId], environment: harness.environment)
            #expect(finished.status == 0 && finished.output.contains("finished"), "\(finished.output)")
            let overview = try await GalleryCheck.open(URL(string: console.baseURL + "/")!)
            #expect(overview.dom.contains(run.runId) && overview.dom.contains("finished in"), "\(overview.dom)")
            let runPage = try await GalleryCheck.open(URL(string: "\(console.baseURL)/runs/\(run.runId)")!)
            #expect(runPage.dom.contains("data-movie=\"movie-0001\" data-state=\"done\""), "\(runPage.dom)")
            let gallery = try await GalleryCheck.open(URL(string: "\(console.baseURL)/gallery/\(run.runId)/index.html")!)
            #expect(gallery.loaded == Self.branching.framesPerMovie && gallery.broken == 0, "the gallery's frames load through the console")
            try await Browser.screenshot(console.baseURL + "/", to: shots.appendingPathComponent("console-overview.png"))
            try await Browser.screenshot("\(console.baseURL)/runs/\(run.runId)", to: shots.appendingPathComponent("console-run.png"))
            try await Browser.screenshot("\(console.baseURL)/gallery/\(run.runId)/index.html",
                                        to: shots.appendingPathComponent("gallery.png"))
            print("console screenshots in \(shots.path)")
        }
    }

    @Test("The console refuses a non-loopback address without a token, and a short token (exit 64)")
    func refusesOpenBinding() async throws {
        let open = try await CLI.run(["console", "--host", "0.0.0.0", "--port", "0"], environment: ["DREAMFRAME_CONSOLE_TOKEN": ""])
        #expect(open.status == 64 && open.output.contains("needs a token"), "\(open.output)")
        let short = try await CLI.run(["console", "--host", "0.0.0.0", "--port", "0"], environment: ["DREAMFRAME_CONSOLE_TOKEN": "short"])
        #expect(short.status == 64 && short.output.contains("16 characters"), "\(short.output)")
    }
}
