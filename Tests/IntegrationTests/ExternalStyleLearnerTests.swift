import Clients
import DreamFrameCore
import Foundation
@testable import HTTPModels
import Imaging
import Models
import Testing

/// The external style learners against the real HTTP path: AUTOMATIC1111's textual-inversion API on a stub that
/// speaks it (Tests/Fixtures/diffusion_server_stub.py), and a trainer command (Tests/Fixtures/fake_ti_trainer.py)
/// that writes a real safetensors file.
@Suite("External style learners: AUTOMATIC1111's trainer and a trainer command", .timeLimit(.minutes(3)))
struct ExternalStyleLearnerTests {
    static let spec = StyleSpec(keyword: "Noir", tone: "dark, tense", description: "high contrast, deep shadows")

    /// A folder of three small PNG reference images.
    static func references() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("df-refs-\(UUID().uuidString.prefix(8))/refs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 1...3 {
            let png = try PNGEncoder().encode(RGBImage(width: 8, height: 8, color: RGBColor(UInt8(index * 60), 40, 90)))
            try png.write(to: folder.appendingPathComponent("0\(index)-1.png"))
        }
        return folder
    }

    static func request(_ folder: URL, styleId: String = "noir-1f2e", workDirectory: URL? = nil) throws -> StyleRequest {
        let images = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0).path }
        return StyleRequest(style: spec, referenceImages: images, seed: 1, styleId: styleId, workDirectory: workDirectory?.path)
    }

    /// Waits (at most 30 s) until `condition` holds.
    static func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw ModelStubError(message: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func a1111(_ stub: DiffusionStub, steps: Int = 20, pathMap: PathMap? = nil) -> A1111StyleLearner {
        A1111StyleLearner(baseURL: stub.baseURL,
                          options: .init(steps: steps, baseModel: "sd-v1-5", pathMap: pathMap,
                                         embeddingsDirectory: stub.embeddings, timeout: .seconds(60),
                                         pollInterval: .milliseconds(100)),
                          client: HTTPClient())
    }

    @Test("A1111: creates and trains the style's embedding with train_embedding's exact arguments; a second learn adopts it")
    func a1111Learns() async throws {
        try await DiffusionStub.with(.a1111) { stub in
            let folder = try Self.references()
            let learned = try await Self.a1111(stub).learnStyle(try Self.request(folder))
            let artifact = try #require(learned.artifact)
            #expect(artifact.token == "df-noir-1f2e" && artifact.format == .pt && artifact.steps == 20)
            #expect(StyleArtifact.detectFormat(artifact.bytes) == .pt)
            #expect(artifact.bytes == FileManager.default.contents(atPath: stub.embeddings.appendingPathComponent("df-noir-1f2e.pt").path))
            #expect(learned.learner == "a1111:sd-v1-5:20x4")
            let train = try await stub.last("train")
            #expect(train["data_root"] as? String == folder.path)
            #expect(train["embedding_name"] as? String == "df-noir-1f2e" && train["steps"] as? Int == 20)
            #expect(train.count == 30, "exactly the parameters of train_embedding(): \(train.keys.sorted())")
            #expect(try await stub.count("train-completed:df-noir-1f2e") == 1)

            _ = try await Self.a1111(stub).learnStyle(try Self.request(folder))
            #expect(try await stub.count("train-started:df-noir-1f2e") == 1, "a finished embedding is adopted, not trained again")
        }
    }

    @Test("A1111: a learner killed mid-training leaves the server training; the next one waits for it and adopts it")
    func a1111AdoptsRunningTraining() async throws {
        try await DiffusionStub.with(.a1111, stepSeconds: 0.05) { stub in
            let folder = try Self.references()
            let first = Task { try await Self.a1111(stub, steps: 60).learnStyle(try Self.request(folder)) }
            try await Self.waitFor("the training to start") { try await stub.count("train-started:df-noir-1f2e") > 0 }
            try await Task.sleep(for: .milliseconds(400))
            first.cancel()   // its request is gone; A1111 trains on
            _ = try? await first.value
            let learned = try await Self.a1111(stub, steps: 60).learnStyle(try Self.request(folder))
            #expect(learned.artifact?.steps == 60)
            #expect(try await stub.count("train-started:df-noir-1f2e") == 1, "trained once")
            #expect(try await stub.count("train-completed:df-noir-1f2e") == 1)
        }
    }

    @Test("A1111 failures: midway, a lost embedding and a server restart are transient; an unreadable folder is permanent")
    func a1111Failures() async throws {
        try await DiffusionStub.with(.a1111, stepSeconds: 0.02) { stub in
            let folder = try Self.references()
            let learner = Self.a1111(stub, steps: 40)
            func failure() async -> ModelError? {
                do { _ = try await learner.learnStyle(try Self.request(folder)); return nil } catch { return error as? ModelError }
            }
            try await stub.faults(["train_fail_midway": 1])
            let midway = await failure()
            #expect(midway?.failureKind == .transient && "\(midway!)".contains("CUDA out of memory"), "\(String(describing: midway))")
            try await stub.faults(["train_lose_embedding": 1])
            let lost = await failure()
            #expect(lost?.failureKind == .transient && "\(lost!)".contains("does not list it"), "\(String(describing: lost))")

            let restarted = Task { await failure() }
            try await Self.waitFor("the third training to start") { try await stub.count("train-started:df-noir-1f2e") >= 3 }
            try await Task.sleep(for: .milliseconds(200))
            try await stub.restart()
            let cut = await restarted.value
            #expect(cut?.failureKind == .transient, "\(String(describing: cut))")

            let mapped = Self.a1111(stub, pathMap: PathMap("\(folder.path)=/srv/nowhere"))
            do {
                _ = try await mapped.learnStyle(try Self.request(folder))
                Issue.record("expected the missing folder")
            } catch let error as ModelError {
                #expect(error.failureKind == .permanent && "\(error)".contains("--style-path-map") && "\(error)".contains("/srv/nowhere"), "\(error)")
            }
            let learned = try await learner.learnStyle(try Self.request(folder))
            #expect(learned.artifact?.steps == 40, "after every fault, a clean attempt trains from scratch")
            #expect(try await stub.count("train-completed:df-noir-1f2e") == 1)
        }
    }

    @Test("command: the trainer's safetensors file comes back with its loss; a failing trainer is transient with its log")
    func commandLearns() async throws {
        let folder = try Self.references()
        let events = folder.deletingLastPathComponent().appendingPathComponent("events.log")
        let script = ModelStubServer.fixture("fake_ti_trainer.py")
        let command = ["/usr/bin/python3", script, "--images", "{images}", "--token", "{token}", "--steps", "{steps}",
                       "--output", "{output}", "--events", events.path]
        let learner = try CommandStyleLearner(options: .init(command: command, steps: 12))
        let learned = try await learner.learnStyle(try Self.request(folder))
        let artifact = try #require(learned.artifact)
        #expect(artifact.format == .safetensors && StyleArtifact.detectFormat(artifact.bytes) == .safetensors)
        let headerLength = artifact.bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: artifact.bytes.subdata(in: 8..<(8 + headerLength))) as? [String: Any]
        #expect(header?["clip_l"] != nil && header?["clip_g"] != nil, "an SDXL embedding's two tensors")
        #expect(artifact.loss.map { abs($0 - 1.0 / 13) < 0.001 } == true, "the last loss the trainer printed: \(String(describing: artifact.loss))")
        #expect(artifact.token == "df-noir-1f2e" && learned.learner.hasPrefix("command:stable-diffusion-xl-base-1.0:12:"))

        let failing = try CommandStyleLearner(options: .init(command: command + ["--fail"], steps: 12))
        do {
            _ = try await failing.learnStyle(try Self.request(folder))
            Issue.record("expected the trainer to fail")
        } catch let error as ModelError {
            #expect(error.failureKind == .transient && "\(error)".contains("exited with status 1")
                    && "\(error)".contains("CUDA out of memory"), "\(error)")
        }
        #expect(throws: ModelError.self) { try CommandStyleLearner(options: .init(command: ["train", "{imgs}"])) }
        #expect(throws: ModelError.self) { try CommandStyleLearner(options: .init(command: [])) }
    }

    @Test("command: the trainer works in the request's work folder, and nothing is written beside the reference folder")
    func commandWorkFolder() async throws {
        let folder = try Self.references()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("df-out-\(UUID().uuidString.prefix(8))/styles/noir-1f2e/training")
        let command = ["/usr/bin/python3", ModelStubServer.fixture("fake_ti_trainer.py"), "--images", "{images}",
                       "--token", "{token}", "--steps", "{steps}", "--output", "{output}"]
        let learner = try CommandStyleLearner(options: .init(command: command, steps: 3))
        _ = try await learner.learnStyle(try Self.request(folder, workDirectory: work))
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("train.log").path))
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("df-noir-1f2e.safetensors").path))
        let beside = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(beside == ["refs"], "the reference folder's parent is not ours: \(beside)")
    }
}
