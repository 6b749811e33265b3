import Clients
import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import Testing

/// The Style Immobilization path on real image-server APIs, through the five real stage executables on services
/// of their own: reference images drawn on the image server, a style trained once for two movies that share it
/// while its learner is killed mid-training, every frame rendered with the learned embedding (installed from the
/// style cache where the rendering server lacks it).
@Suite("Style Immobilization on image servers, end to end", .serialized)
struct StyleServersPipelineTests {
    static let workflow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ops/comfyui/txt2img-sdxl.json").path
    static let branching = Branching(substories: 1, tinystories: 2, keyframes: 2)

    /// Two runs of one seed: their movies share a style.
    static func submitTwo(_ harness: PipelineHarness) async throws -> [RunRecord] {
        [try await harness.submit(movies: 1, branching: branching, seed: 41, size: (64, 36)),
         try await harness.submit(movies: 1, branching: branching, seed: 41, size: (64, 36))]
    }

    /// Waits until `condition` holds (at most `timeout`), failing with the stages' logs.
    static func wait(_ harness: PipelineHarness, _ what: String, timeout: Duration = .seconds(120),
                     _ condition: () async throws -> Bool) async throws {
        try await harness.waitUntil(what, timeout: timeout, condition)
    }

    /// The style the runs learned, from the cache.
    static func learnedStyle(_ harness: PipelineHarness, _ run: RunRecord) async throws -> StyleEmbedding {
        let movie = MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0))
        let styleId = try #require(try await harness.state.movieFields(movie)[MovieField.styleId.rawValue])
        return try #require(try await harness.state.style(styleId))
    }

    @Test("ComfyUI and a trainer command: references drawn on ComfyUI, a killed learner's trainer dies with it and is run again from scratch, every frame names the learned embedding",
          .timeLimit(.minutes(10)))
    func comfyUIWithCommandTrainer() async throws {
        try await DiffusionStub.with(.comfyui) { comfy in
            try await PipelineHarness.onIsolatedServices { harness, _ in
                let events = harness.out.appendingPathComponent("trainer-events.log")
                let command = ["/usr/bin/python3", ModelStubServer.fixture("fake_ti_trainer.py"), "--images", "{images}",
                               "--token", "{token}", "--steps", "{steps}", "--output", "{output}",
                               "--step-seconds", "0.1", "--events", events.path]
                let images = ["DREAMFRAME_IMAGE_MODEL": "comfyui", "DREAMFRAME_IMAGE_MODEL_URL": comfy.baseURL.absoluteString,
                              "DREAMFRAME_IMAGE_WORKFLOW": Self.workflow]
                let trainer = images.merging([
                    "DREAMFRAME_STYLE_LEARNER": "command", "DREAMFRAME_STYLE_STEPS": "40", "DREAMFRAME_STYLE_REFERENCES": "1",
                    "DREAMFRAME_STYLE_TRAINER_COMMAND": String(decoding: try JSONEncoder().encode(command), as: UTF8.self),
                ]) { _, new in new }
                let renderer = images.merging(["DREAMFRAME_IMAGE_EMBEDDINGS_DIR": comfy.embeddings.path]) { _, new in new }
                for stage in [Stage.plotWriter, .storyExpander, .qaValidator] { try harness.start(stage, arguments: ["--repair-every", "0"]) }
                let learner = try harness.start(.styleTrainer, arguments: ["--repair-every", "0", "--lease", "5"], environment: trainer)[0]
                try harness.start(.frameRenderer, arguments: ["--repair-every", "0"], environment: renderer)
                let runs = try await Self.submitTwo(harness)

                try await Self.wait(harness, "the trainer to start") {
                    ((try? String(contentsOf: events, encoding: .utf8)) ?? "").contains("started")
                }
                let firstTrainer = try #require(Int32(((try String(contentsOf: events, encoding: .utf8))
                    .split(separator: "\n").first?.split(separator: " ").last).map(String.init) ?? ""))
                learner.kill9()
                try await Self.wait(harness, "the killed learner's trainer to die with it", timeout: .seconds(10)) {
                    kill(firstTrainer, 0) != 0
                }
                try harness.start(.styleTrainer, arguments: ["--repair-every", "0", "--lease", "5"], environment: trainer)
                for run in runs { try await harness.waitForCompletion(run, timeout: .seconds(240)) }

                let lines = try String(contentsOf: events, encoding: .utf8).split(separator: "\n")
                #expect(lines.filter { $0.hasPrefix("started") }.count == 2, "the killed training, then one from scratch: \(lines)")
                #expect(lines.filter { $0.hasPrefix("completed") }.count == 1)
                let style = try await Self.learnedStyle(harness, runs[0])
                let artifact = try #require(style.artifact, "the cache keeps the trained file")
                #expect(artifact.format == .safetensors && StyleArtifact.detectFormat(artifact.bytes) == .safetensors)
                #expect(try await Self.learnedStyle(harness, runs[1]).styleId == style.styleId, "one style for both movies")
                // The two movies are the same movie (one seed): the second one's frames are the same requests, answered
                // by the render cache, so the server draws one movie's frames.
                let frames = Self.branching.framesPerMovie
                #expect(try await comfy.count("prompt-embedding-used") == frames, "every frame names embedding:\(artifact.token)")
                #expect(try await comfy.count("prompt-embedding-missing") == 0)
                #expect(try await comfy.count("prompt-done") == frames + 12, "12 reference images (one per location), then the frames")
                for run in runs { try harness.checkExactlyOnce(run) }

                // The artifact round-trips through the cache: export, forget, import, the same bytes.
                let file = harness.out.appendingPathComponent("style.json").path
                let connection = ["DREAMFRAME_REDIS_URL": harness.environment["DREAMFRAME_REDIS_URL"] ?? "",
                                  "DREAMFRAME_BROKER_URL": harness.environment["DREAMFRAME_BROKER_URL"] ?? ""]
                for arguments in [["style", "export", style.styleId, "--file", file], ["style", "forget", style.styleId],
                                  ["style", "import", file]] {
                    let result = try await CLI.run(arguments, environment: connection)
                    #expect(result.status == 0, "\(arguments): \(result.output)")
                }
                #expect(try await harness.state.style(style.styleId)?.artifact?.bytes == artifact.bytes)
                let listed = try await CLI.run(["style", "list"], environment: connection)
                #expect(listed.output.contains(style.styleId) && listed.output.contains("safetensors \(artifact.token)"), "\(listed.output)")
            }
        }
    }

    @Test("AUTOMATIC1111 trains the shared style once though its learner is killed mid-training; a second A1111 renders with the embedding installed from the cache",
          .timeLimit(.minutes(10)))
    func automatic1111() async throws {
        try await DiffusionStub.with(.a1111, stepSeconds: 0.05) { trainer in
            try await DiffusionStub.with(.a1111) { painter in
                try await PipelineHarness.onIsolatedServices { harness, _ in
                    let learning = ["DREAMFRAME_IMAGE_MODEL": "a1111", "DREAMFRAME_IMAGE_MODEL_URL": trainer.baseURL.absoluteString,
                                    "DREAMFRAME_STYLE_LEARNER": "a1111", "DREAMFRAME_STYLE_STEPS": "80",
                                    "DREAMFRAME_STYLE_REFERENCES": "1", "DREAMFRAME_STYLE_EMBEDDINGS_DIR": trainer.embeddings.path]
                    let rendering = ["DREAMFRAME_IMAGE_MODEL": "a1111", "DREAMFRAME_IMAGE_MODEL_URL": painter.baseURL.absoluteString,
                                     "DREAMFRAME_IMAGE_EMBEDDINGS_DIR": painter.embeddings.path]
                    for stage in [Stage.plotWriter, .storyExpander, .qaValidator] { try harness.start(stage, arguments: ["--repair-every", "0"]) }
                    let learner = try harness.start(.styleTrainer, arguments: ["--repair-every", "0", "--lease", "5"], environment: learning)[0]
                    try harness.start(.frameRenderer, arguments: ["--repair-every", "0"], environment: rendering)
                    let runs = try await Self.submitTwo(harness)

                    try await Self.wait(harness, "the training to start on the server") {
                        try await trainer.stats().keys.contains { $0.hasPrefix("train-started:") }
                    }
                    learner.kill9()
                    try harness.start(.styleTrainer, arguments: ["--repair-every", "0", "--lease", "5"], environment: learning)
                    for run in runs { try await harness.waitForCompletion(run, timeout: .seconds(240)) }

                    let style = try await Self.learnedStyle(harness, runs[0])
                    let artifact = try #require(style.artifact)
                    #expect(try await trainer.count("train-started:\(artifact.token)") == 1, "trained once: the next learner adopted the running training")
                    #expect(try await trainer.count("train-completed:\(artifact.token)") == 1)
                    #expect(try await trainer.count("txt2img") == 12, "the reference images, drawn on the training server")
                    #expect(StyleArtifact.detectFormat(artifact.bytes) == .pt && artifact.steps == 80)
                    // One seed, one movie twice: the second one's frames come from the render cache.
                    let frames = Self.branching.framesPerMovie
                    #expect(try await painter.count("txt2img") == frames)
                    #expect(try await painter.count("txt2img-embedding-used") == frames, "every frame names \(artifact.token)")
                    #expect(try await painter.count("txt2img-embedding-missing") == 0)
                    #expect(try await painter.count("refresh-embeddings") == 1, "installed once, then loaded")
                    #expect(FileManager.default.contents(atPath: painter.embeddings.appendingPathComponent(artifact.fileName).path) == artifact.bytes)
                    for run in runs { try harness.checkExactlyOnce(run) }
                }
            }
        }
    }
}
