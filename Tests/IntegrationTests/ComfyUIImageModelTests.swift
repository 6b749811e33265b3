import Clients
import DreamFrameCore
import Foundation
@testable import HTTPModels
import Models
import Testing

/// The ComfyUI backend against a stub of ComfyUI's own API (Tests/Fixtures/diffusion_server_stub.py): the shipped
/// SDXL workflow filled per frame, the history and view round trips, the node errors ComfyUI answers, a node that
/// fails while running, a server that restarts with the prompt queued, and a learned style's embedding installed.
@Suite("ComfyUIImageModel against a ComfyUI stub")
struct ComfyUIImageModelTests {
    static let workflow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ops/comfyui/txt2img-sdxl.json")
    static let prompt = "generate an image in Dramatic style: at Market, a man in blue is standing, with a calm face"

    static func model(_ stub: DiffusionStub, checkpoint: String = "sd_xl_base_1.0.safetensors",
                      timeout: Duration = .seconds(30), embeddings: URL? = nil) throws -> ComfyUIImageModel {
        let options = ComfyUIImageModel.Options(workflow: try ComfyUIWorkflow(contentsOf: workflow), checkpoint: checkpoint,
                                                steps: 30, pollInterval: .milliseconds(50))
        return ComfyUIImageModel(baseURL: stub.baseURL, options: options, timeout: timeout,
                                 transport: PacedTransport(client: HTTPClient(), limiter: RateLimiter(), maxWait: .seconds(5)),
                                 embeddingsDirectory: embeddings)
    }

    static func request(style: StyleEmbedding? = nil, seed: UInt64 = 20) -> RenderRequest {
        RenderRequest(prompt: prompt, hints: nil, style: style, seed: seed, width: 64, height: 48)
    }

    @Test("a frame: the shipped SDXL workflow filled (typed seed, size, steps), queued, its PNG fetched by /view")
    func renders() async throws {
        try await DiffusionStub.with(.comfyui) { stub in
            let png = try await Self.model(stub).render(Self.request(seed: 27))
            #expect(png.starts(with: HTTPImageModel.pngSignature))
            let sent = try await stub.last("prompt")
            #expect((sent["client_id"] as? String)?.hasPrefix("dreamframe-") == true)
            let graph = try #require(sent["prompt"] as? [String: [String: Any]])
            let inputs = { (node: String) in graph[node]?["inputs"] as? [String: Any] ?? [:] }
            #expect(inputs("6")["text"] as? String == Self.prompt, "a style without a learned file: the prompt as written")
            #expect(inputs("7")["text"] as? String == ImageDefaults.negativePrompt)
            #expect(inputs("5")["width"] as? Int == 64 && inputs("5")["height"] as? Int == 48)
            #expect(inputs("10")["noise_seed"] as? Int == 27 && inputs("10")["steps"] as? Int == 30)
            #expect(inputs("10")["end_at_step"] as? Int == 24 && inputs("11")["start_at_step"] as? Int == 24,
                    "the refiner takes over at 80% of the 30 steps")
            #expect(inputs("4")["ckpt_name"] as? String == "sd_xl_base_1.0.safetensors")
            #expect(inputs("12")["ckpt_name"] as? String == "sd_xl_refiner_1.0.safetensors")
            #expect(try await stub.count("prompt-done") == 1)
        }
    }

    @Test("a workflow ComfyUI refuses: permanent, naming the node, its class and ComfyUI's own message")
    func refused() async throws {
        try await DiffusionStub.with(.comfyui) { stub in
            do {
                _ = try await Self.model(stub, checkpoint: "missing.safetensors").render(Self.request())
                Issue.record("expected a refusal")
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { Issue.record("not permanent: \(error)"); return }
                #expect(why.contains("Prompt outputs failed validation"), "\(why)")
                #expect(why.contains("node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'missing.safetensors'"), "\(why)")
            }
        }
    }

    @Test("a node failing while it runs, a 500 and a server restart with the prompt queued are transient")
    func transientFailures() async throws {
        try await DiffusionStub.with(.comfyui) { stub in
            let model = try Self.model(stub, timeout: .seconds(20))
            try await stub.faults(["exec_error": 1])
            await #expect(throws: ModelError.self) { _ = try await model.render(Self.request()) }
            do {
                _ = try await model.render(Self.request(seed: 21))
            } catch { Issue.record("the fault was spent: \(error)") }
            try await stub.faults(["error500": ["/prompt": 1]])
            do {
                _ = try await model.render(Self.request(seed: 22))
                Issue.record("expected the 500")
            } catch let error as ModelError {
                #expect(error.failureKind == .transient, "\(error)")
            }
            // A slow server restarted while the prompt waits: it is lost, and the frame fails as transient.
            try await stub.faults(["delay": 3])
            let lost = Task { try await model.render(Self.request(seed: 23)) }
            try await Task.sleep(for: .milliseconds(500))
            try await stub.restart()
            do {
                _ = try await lost.value
                Issue.record("expected the lost prompt to fail")
            } catch let error as ModelError {
                guard case .transient(let why) = error else { Issue.record("not transient: \(error)"); return }
                #expect(why.contains("lost prompt"), "\(why)")
            }
        }
    }

    @Test("a frame the server takes longer to draw than the time limit: transient, naming the prompt and the limit")
    func timedOut() async throws {
        try await DiffusionStub.with(.comfyui) { stub in
            try await stub.faults(["delay": 8])
            do {
                _ = try await Self.model(stub, timeout: .seconds(1)).render(Self.request(seed: 24))
                Issue.record("expected the time limit")
            } catch let error as ModelError {
                guard case .transient(let why) = error else { Issue.record("not transient: \(error)"); return }
                #expect(why.contains("did not finish within 1.0 seconds"), "\(why)")
            }
            #expect(try await stub.count("prompt") == 1, "queued once, not resent while it waited")
        }
    }

    @Test("a learned style: installed into the server's embeddings folder once, named as embedding:<token>")
    func learnedStyle() async throws {
        try await DiffusionStub.with(.comfyui) { stub in
            let bytes = Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("{\"a\":1} ".utf8))
            let artifact = StyleArtifact(token: StyleArtifact.token(styleId: "dramatic-12ab"), format: .safetensors,
                                         bytes: bytes, baseModel: "sdxl", learner: "command", steps: 10)
            let style = StyleEmbedding(styleId: "dramatic-12ab", keyword: "Dramatic", vector: [], lossCurve: [],
                                       learner: "command", artifact: artifact)
            let without = try Self.model(stub)
            await #expect(throws: ModelError.self) { _ = try await without.render(Self.request(style: style)) }
            let model = try Self.model(stub, embeddings: stub.embeddings)
            _ = try await model.render(Self.request(style: style, seed: 30))
            _ = try await model.render(Self.request(style: style, seed: 31))
            #expect(FileManager.default.contents(atPath: stub.embeddings.appendingPathComponent("df-dramatic-12ab.safetensors").path) == bytes)
            let graph = try #require(try await stub.last("prompt")["prompt"] as? [String: [String: Any]])
            #expect((graph["6"]?["inputs"] as? [String: Any])?["text"] as? String
                    == "generate an image in embedding:df-dramatic-12ab style: at Market, a man in blue is standing, with a calm face")
            #expect(try await stub.count("prompt-embedding-used") == 2)
            #expect(try await stub.count("prompt-embedding-missing") == 0)
        }
    }

    @Test("the refiner takes over at 80% of the steps, whatever their number; the card names the step")
    func refinerSwitchStep() throws {
        let workflow = try ComfyUIWorkflow(contentsOf: Self.workflow)
        #expect(workflow.placeholdersUsed.contains(.refinerSwitchStep), "the shipped workflow leaves the switch open")
        for (steps, switchStep) in [(40, 32), (30, 24), (20, 16), (12, 10), (1, 1)] {
            let options = ComfyUIImageModel.Options(workflow: workflow, steps: steps)
            #expect(options.refinerSwitchStep == switchStep, "\(steps) steps")
            let graph = options.workflow.filled([.steps: .number(Double(steps)),
                                                 .refinerSwitchStep: .number(Double(options.refinerSwitchStep))])
            #expect(graph["10"]?["inputs"]?["end_at_step"] == .number(Double(switchStep)))
            #expect(graph["11"]?["inputs"]?["start_at_step"] == .number(Double(switchStep)))
        }
        let model = ComfyUIImageModel(baseURL: URL(string: "http://127.0.0.1:1")!,
                                      options: .init(workflow: workflow, steps: 20),
                                      transport: PacedTransport(client: HTTPClient(), limiter: RateLimiter()))
        #expect(model.settings.refiner == "sd_xl_refiner_1.0.safetensors" && model.settings.refinerSwitchStep == 16)
    }

    @Test("workflows: placeholders checked when read, typed when whole, replaced inside text")
    func workflowPlaceholders() throws {
        #expect(throws: WorkflowError.self) { try ComfyUIWorkflow(data: Data("[1]".utf8), source: "a") }
        #expect(throws: WorkflowError.self) {
            try ComfyUIWorkflow(data: Data(#"{"1": {"inputs": {"text": "{{prompt}}"}}}"#.utf8), source: "no class")
        }
        #expect(throws: WorkflowError.self) {
            try ComfyUIWorkflow(data: Data(#"{"1": {"class_type": "X", "inputs": {"text": "a"}}}"#.utf8), source: "no prompt")
        }
        #expect(throws: WorkflowError.self) {
            try ComfyUIWorkflow(data: Data(#"{"1": {"class_type": "X", "inputs": {"text": "{{prompt}} {{colour}}"}}}"#.utf8), source: "unknown")
        }
        let workflow = try ComfyUIWorkflow(data: Data(#"{"1": {"class_type": "X", "inputs": {"text": "best, {{prompt}}", "seed": "{{seed}}", "name": "df-{{seed}}"}}}"#.utf8), source: "ok")
        let filled = workflow.filled([.prompt: .string("a cat"), .seed: .number(42)])
        let inputs = filled["1"]?["inputs"]
        #expect(inputs?["text"] == .string("best, a cat"))
        #expect(inputs?["seed"] == .number(42))
        #expect(inputs?["name"] == .string("df-42"))
        let encoded = String(decoding: try JSONCoding.compactEncoder().encode(filled), as: UTF8.self)
        #expect(encoded.contains("\"seed\":42"), "whole numbers are written as integers: \(encoded)")
    }
}
