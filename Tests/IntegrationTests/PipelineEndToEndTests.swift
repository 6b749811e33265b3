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

/// The whole pipeline through the real broker and Redis, with the real stage executables as child processes.
/// Serialized: these tests share the stage queues.
@Suite("Pipeline end to end", .serialized)
struct PipelineEndToEndTests {
    @Test("a small run completes and the output matches the layout")
    func smallRun() async throws {
        let harness = try await PipelineHarness()
        do {
            for stage in Stage.allCases { try harness.start(stage, copies: stage == .frameRenderer ? 2 : 1) }
            let run = try await harness.submit(movies: 2, branching: Branching(substories: 2, tinystories: 2, keyframes: 3))
            try await harness.waitForCompletion(run)
            try harness.checkExactlyOnce(run)

            let movie = MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0))
            let story = try JSONSerialization.jsonObject(with: Data(contentsOf: harness.layout.story(movie))) as! [String: Any]
            for key in ["character", "img_diag", "QA", "overview", "title", "genre", "style", "locations", "substories"] {
                #expect(story[key] != nil, "story.json has \(key)")
            }
            if VideoMaker.ffmpeg != nil {
                let video = try Data(contentsOf: harness.layout.movieDirectory(movie).appendingPathComponent("video.mp4"))
                #expect(video.count > 1000 && String(decoding: video.prefix(12).suffix(8), as: UTF8.self).hasPrefix("ftyp"), "video.mp4 is an MP4")
            }
            let frame = try Data(contentsOf: harness.layout.frame(movie, index: 1))
            #expect(frame.starts(with: [0x89, 0x50, 0x4E, 0x47]), "frames are PNG")
            let dataset = harness.layout.datasetDirectory(run.runId)
            let conversations = try JSONSerialization.jsonObject(with: Data(contentsOf: dataset.appendingPathComponent("conversations.json"))) as! [[String: Any]]
            #expect(!conversations.isEmpty)
            for record in conversations {
                let turns = record["conversations"] as! [[String: String]]
                #expect(turns.first?["from"] == "human" && turns.first?["value"]?.hasPrefix("<video>\n") == true)
                let video = dataset.appendingPathComponent(record["video"] as! String).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: video.path), "conversation video path resolves")
            }
            // The gallery opens from disk in a real browser, and every image it shows exists and renders.
            let gallery = harness.layout.runDirectory(run.runId).appendingPathComponent("index.html")
            let page = try await GalleryCheck.open(gallery)
            #expect(!page.sources.isEmpty)
            #expect(page.broken == 0 && page.loaded == page.sources.count, "loaded \(page.loaded), broken \(page.broken) of \(page.sources.count)")
            for source in page.sources {
                #expect(FileManager.default.fileExists(atPath: gallery.deletingLastPathComponent().appendingPathComponent(source).path), "\(source) exists")
            }
            // A finished movie's expansion results and handled marks are compacted away; every key the run left
            // has a lifetime, so Redis sheds the run by itself.
            #expect(try await harness.redis.send(["EXISTS", PipelineKeys.story(movie)]).int == 0)
            let keys = try await harness.runKeys(run)
            #expect(keys.count >= 2 * 6, "movie hashes and bitmaps remain for status: \(keys.keys.sorted())")
            #expect(!keys.keys.contains { $0.hasSuffix(":handled") || $0.hasSuffix(":story") || $0.contains(":fanin:") })
            let retention = Int(RedisPipelineStore.defaultRetention.components.seconds)
            for (key, ttl) in keys {
                #expect(ttl > retention - 600 && ttl <= retention, "\(key) lives \(ttl) s")
            }
            let styles = try FileManager.default.contentsOfDirectory(atPath: harness.layout.runDirectory(run.runId).appendingPathComponent("styles").path)
            #expect(!styles.isEmpty, "the learned style is stored with the run")
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    @Test("SIGKILLed story expander and renderer: after restart every frame, QA pair and record exists exactly once")
    func crashRecovery() async throws {
        let harness = try await PipelineHarness()
        let stub = try await ModelStubServer.start()
        do {
            // A story model that takes 150 ms a call, like a real LLM, so the expander is killed mid-expansion.
            let slowModel = ["DREAMFRAME_STORY_MODEL": "openai", "DREAMFRAME_STORY_MODEL_URL": "http://127.0.0.1:\(stub.port)/v1",
                             "DREAMFRAME_STORY_MODEL_NAME": "stub-delay-150", "DREAMFRAME_API_KEY": "test-key"]
            try harness.start(.plotWriter, environment: slowModel)
            try harness.start(.styleTrainer)
            try harness.start(.qaValidator)
            let branching = Branching(substories: 3, tinystories: 3, keyframes: 8)
            let run = try await harness.submit(movies: 2, branching: branching)
            try await harness.waitUntil("plots written") { try await harness.done(run, .plotWriter) == 2 }

            let expander = try harness.start(.storyExpander, arguments: ["--concurrency", "2"], environment: slowModel)[0]
            try await harness.waitUntil("some tinystories expanded") { try await harness.done(run, .storyExpander) >= 1 }
            expander.kill9()
            #expect(try await harness.done(run, .storyExpander) < branching.tinystoriesPerMovie * 2, "killed mid-expansion")
            try harness.start(.storyExpander, arguments: ["--concurrency", "4"], environment: slowModel)

            try await harness.waitUntil("render fan-out published", timeout: .seconds(120)) {
                try await harness.done(run, .styleTrainer) == 2
            }
            let renderer = try harness.start(.frameRenderer, arguments: ["--concurrency", "2"])[0]
            try await harness.waitUntil("some frames rendered") { try await harness.done(run, .frameRenderer) >= 3 }
            renderer.kill9()
            #expect(try await harness.done(run, .frameRenderer) < branching.framesPerMovie * 2, "killed mid-render")
            try harness.start(.frameRenderer, copies: 2)

            try await harness.waitForCompletion(run)
            try harness.checkExactlyOnce(run)
            #expect(try await harness.done(run, .frameRenderer) == branching.framesPerMovie * 2)
            let letters = try await DeadLetterReplayer(broker: AMQPEndpoints(TestEnvironment.brokerURL), topology: TestEnvironment.topology)
                .list(DeadLetterFilter(runId: run.runId))
            #expect(letters.isEmpty, "nothing dead-lettered: \(letters.map(\.reason))")
        } catch {
            stub.stop()
            await harness.shutdown(removeOutput: false)
            throw error
        }
        stub.stop()
        await harness.shutdown()
    }

    @Test("malformed messages are dead-lettered with a reason, the worker keeps going, and a repaired message replays to completion")
    func deadLettersAndReplay() async throws {
        let harness = try await PipelineHarness()
        do {
            // Reference images the style stage will find missing, then restored.
            let images = harness.out.appendingPathComponent("style-refs")
            let pngs = try Self.referencePNGs()
            try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
            for (i, png) in pngs.enumerated() { try png.write(to: images.appendingPathComponent("ref\(i).png")) }

            for stage in Stage.allCases where stage != .styleTrainer { try harness.start(stage) }
            let renderer = TestEnvironment.topology.queues(for: .frameRenderer)
            try await harness.publisher.publish([
                OutgoingMessage(exchange: renderer.workExchange, routingKey: renderer.workRoutingKey,
                                body: Data("this is not json".utf8), messageId: "garbage-1"),
                OutgoingMessage(exchange: renderer.workExchange, routingKey: renderer.workRoutingKey,
                                body: Data(#"{"schema":99,"kind":"render-frame","id":"x","movie":{"runId":"r","movieId":"m"},"body":{}}"#.utf8),
                                messageId: "future-schema"),
                OutgoingMessage(exchange: renderer.workExchange, routingKey: renderer.workRoutingKey,
                                body: Data(#"{"schema":1,"kind":"teleport","id":"y","movie":{"runId":"r","movieId":"m"},"body":{}}"#.utf8),
                                messageId: "unknown-kind"),
            ])
            let replayer = DeadLetterReplayer(broker: AMQPEndpoints(TestEnvironment.brokerURL), topology: TestEnvironment.topology)
            var letters: [DeadLetter] = []
            try await harness.waitUntil("three dead letters") {
                letters = try await replayer.list(DeadLetterFilter(stage: .frameRenderer))
                return letters.count == 3
            }
            let reasons = Dictionary(uniqueKeysWithValues: letters.map { ($0.messageId, $0.reason) })
            #expect(reasons["garbage-1"]?.contains("not a JSON envelope") == true)
            #expect(reasons["future-schema"]?.contains("unsupported schema version 99") == true)
            #expect(reasons["unknown-kind"]?.contains("unknown message kind 'teleport'") == true)
            #expect(letters.allSatisfy { $0.stage == "frame-renderer" && $0.attempts == 1 })

            let run = try await harness.submit(movies: 1, branching: Branching(substories: 2, tinystories: 1, keyframes: 2),
                                               styleImages: images.path)
            try await harness.waitUntil("story assembled") { try await harness.done(run, .storyExpander) == 2 }
            for file in try FileManager.default.contentsOfDirectory(atPath: images.path) {
                try FileManager.default.removeItem(at: images.appendingPathComponent(file))
            }
            try harness.start(.styleTrainer)
            var styleLetters: [DeadLetter] = []
            try await harness.waitUntil("the style request is dead-lettered") {
                styleLetters = try await replayer.list(DeadLetterFilter(stage: .styleTrainer, runId: run.runId))
                return !styleLetters.isEmpty
            }
            #expect(styleLetters[0].reason.contains("holds no PNG or JPEG images"), "reason: \(styleLetters[0].reason)")
            #expect(styleLetters[0].movieId == RunSubmitter.movieId(0))

            // Repair the cause, then replay through the real CLI, dry run first.
            for (i, png) in pngs.enumerated() { try png.write(to: images.appendingPathComponent("ref\(i).png")) }
            let dryRun = try await CLI.run(["replay", "requeue", "--run", run.runId, "--dry-run"], environment: harness.environment)
            #expect(dryRun.status == 0 && dryRun.output.contains("1 message(s) would requeue"), "\(dryRun.output)")
            #expect(try await replayer.list(DeadLetterFilter(runId: run.runId)).count == 1, "a dry run moves nothing")
            let replay = try await CLI.run(["replay", "requeue", "--run", run.runId], environment: harness.environment)
            #expect(replay.status == 0 && replay.output.contains("1 message(s) requeued"), "\(replay.output)")
            try await harness.waitForCompletion(run)
            try harness.checkExactlyOnce(run)
            // The unrelated dead letters stay put and replayable.
            #expect(try await replayer.list(DeadLetterFilter(stage: .frameRenderer)).count == 3)
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    @Test("SIGTERM on a busy renderer drains in-flight work and exits 0; nothing is lost")
    func gracefulShutdown() async throws {
        let harness = try await PipelineHarness()
        do {
            for stage in Stage.allCases where stage != .frameRenderer { try harness.start(stage) }
            let branching = Branching(substories: 2, tinystories: 2, keyframes: 15)
            let run = try await harness.submit(movies: 1, branching: branching, size: (384, 216))
            try await harness.waitUntil("render fan-out published") { try await harness.done(run, .styleTrainer) == 1 }
            let renderer = try harness.start(.frameRenderer, arguments: ["--concurrency", "4", "--prefetch", "16"])[0]
            try await harness.waitUntil("renderer busy") { try await harness.done(run, .frameRenderer) >= 2 }
            renderer.terminate()
            let status = await renderer.waitForExit(timeout: .seconds(30))
            #expect(status == 0, "exit status after SIGTERM; log:\n\(renderer.logTail())")
            #expect(renderer.logTail(lines: 50).contains("stage stopped"))
            #expect(try await harness.done(run, .frameRenderer) < branching.framesPerMovie, "stopped before the end")
            try harness.start(.frameRenderer)
            try await harness.waitForCompletion(run)
            try harness.checkExactlyOnce(run)
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    @Test("the make-run batch (4 movies at 3,2,3): each movie's learned style dominates its look (within / across <= 0.5)")
    func styleConsistency() async throws {
        let harness = try await PipelineHarness()
        do {
            for stage in Stage.allCases { try harness.start(stage, copies: stage == .frameRenderer ? 2 : 1) }
            let run = try await harness.submit(movies: 4, branching: Branching(substories: 3, tinystories: 2, keyframes: 3),
                                               seed: 1, size: (256, 144))
            try await harness.waitForCompletion(run, timeout: .seconds(600))
            let records = try DatasetExporter(layout: harness.layout).records(runId: run.runId)
            let folders = records.map { harness.layout.framesDirectory(MovieRef(runId: run.runId, movieId: $0.videoId)) }
            let figure = try StyleConsistency.measure(frameFolders: folders)
            print("style consistency, 4 movies at 3,2,3, 256x144, styles learned in 40 steps: within \(figure.withinMovie), across \(figure.acrossMovies), ratio \(figure.ratio)")
            #expect(figure.movies == 4)
            #expect(figure.ratio <= 0.5, "within-movie over across-movie style distance: \(figure)")
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    @Test("dreamframe run --no-video: every movie validated from its frames, its record written, no video.mp4 made")
    func runWithoutVideos() async throws {
        let harness = try await PipelineHarness()
        do {
            let runId = "novideo-\(UUID().uuidString.prefix(8).lowercased())"
            let result = try await CLI.run(["run", "--run-id", runId, "--movies", "1", "--branching", "1,1,3",
                                            "--renderers", "1", "--size", "64x36", "--timeout", "300", "--no-video"],
                                           environment: harness.environment)
            #expect(result.status == 0, "\(result.output)")
            let movie = MovieRef(runId: runId, movieId: RunSubmitter.movieId(0))
            let frames = try FileManager.default.contentsOfDirectory(atPath: harness.layout.framesDirectory(movie).path)
            #expect(frames.sorted() == ["0001.png", "0002.png", "0003.png"])
            #expect(FileManager.default.fileExists(atPath: harness.layout.record(movie).path))
            #expect(!FileManager.default.fileExists(atPath: harness.layout.movieDirectory(movie).appendingPathComponent("video.mp4").path),
                    "the QA validator the run started made no video")
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    @Test("the authors' sample story imports through the real broker: 1331 frames rendered, its QA validated and exported")
    func importAuthorsStory() async throws {
        let harness = try await PipelineHarness()
        do {
            try harness.start(.styleTrainer)
            try harness.start(.frameRenderer, copies: 2, arguments: ["--concurrency", "4"])
            try harness.start(.qaValidator)
            let sample = TestEnvironment.sampleDirectory.appendingPathComponent("story_info_0.json")
            let runId = RunSubmitter.newRunId()
            let movie = try await StoryImporter(state: harness.state, publisher: harness.publisher,
                                                topology: TestEnvironment.topology, layout: harness.layout)
                .importStory(sample, runId: runId, styleImages: nil, width: 64, height: 36)
            let run = try #require(try await harness.state.run(runId))
            try await harness.waitForCompletion(run, timeout: .seconds(600))
            let frames = try FileManager.default.contentsOfDirectory(atPath: harness.layout.framesDirectory(movie).path)
            #expect(frames.count == 1331)
            #expect(frames.sorted().last == "1331.png")
            let record = try #require(try DatasetExporter(layout: harness.layout).records(runId: runId).first)
            #expect(record.kept.count + record.rejected.count == 144)
            #expect(record.kept.count >= 130, "most of the authors' QA are kept")
            let story = try StoryDocument.load(harness.layout.story(movie))
            #expect(story.dialogue.count == 650)
            #expect(story.character.count >= 1)
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }

    /// Two small PNG references rendered by the built-in image model.
    static func referencePNGs() throws -> [Data] {
        try (0..<2).map { i in
            let style = StyleEmbedding(styleId: "ref", keyword: "Test", vector: Array(repeating: Float(i) * 0.3, count: 32),
                                       lossCurve: [], learner: "test")
            return try BuiltInImageModel().renderPNG(RenderRequest(prompt: "generate an image in Test style: at the harbor, a tall man in a red coat is standing, with a calm face",
                                                                   hints: nil, style: style, seed: UInt64(i), width: 96, height: 54))
        }
    }
}
