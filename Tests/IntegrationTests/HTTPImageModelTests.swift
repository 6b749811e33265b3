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

@Suite("HTTPImageModel against the stub image APIs")
struct HTTPImageModelTests {
    static let style = StyleEmbedding(styleId: "s1", keyword: "Dramatic", vector: [0.1, 0.2], lossCurve: [], learner: "test")

    static func request(_ prompt: String = "generate an image in Dramatic style: at Market, a man in blue is standing, with a calm face",
                        seed: UInt64 = 21) -> RenderRequest {
        RenderRequest(prompt: prompt, hints: nil, style: style, seed: seed, width: 64, height: 48)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    @Test("AUTOMATIC1111 with a refiner: refiner_checkpoint and refiner_switch_at sent; without one, neither")
    func automatic1111Refiner() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let refined = HTTPImageModel(configuration: .init(baseURL: server.baseURL, api: .automatic1111(
                .init(refinerCheckpoint: "sd_xl_refiner_1.0.safetensors"))), client: client)
            _ = try await refined.render(Self.request(seed: 3))
            let last = try await server.json("/last?kind=txt2img", client: client)
            #expect(last["refiner_checkpoint"] as? String == "sd_xl_refiner_1.0.safetensors")
            #expect(last["refiner_switch_at"] as? Double == 0.8)
            #expect(refined.settings.refiner == "sd_xl_refiner_1.0.safetensors" && refined.settings.steps == 40)
            let plain = HTTPImageModel(configuration: .init(baseURL: server.baseURL), client: client)
            _ = try await plain.render(Self.request(seed: 4))
            let again = try await server.json("/last?kind=txt2img", client: client)
            #expect(again["refiner_checkpoint"] == nil && again["refiner_switch_at"] == nil)
        }
    }

    @Test("AUTOMATIC1111: a render slower than the time limit fails as transient, naming the timeout and the endpoint")
    func automatic1111TimedOut() async throws {
        try await DiffusionStub.with(.a1111) { stub in
            try await stub.faults(["delay": 8])
            let model = HTTPImageModel(configuration: .init(baseURL: stub.baseURL, timeout: .seconds(1)), client: HTTPClient())
            do {
                _ = try await model.render(Self.request(seed: 5))
                Issue.record("expected the time limit")
            } catch let error as ModelError {
                guard case .transient(let why) = error else { Issue.record("not transient: \(error)"); return }
                #expect(why.contains("timed out") && why.contains("/sdapi/v1/txt2img"), "\(why)")
            }
            #expect(try await stub.count("txt2img") == 1)
        }
    }

    @Test("AUTOMATIC1111 txt2img returns PNG bytes and gets the style token, seed and size")
    func automatic1111() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let options = HTTPImageModel.Automatic1111Options(steps: 12, samplerName: "DPM++ 2M")
            let model = HTTPImageModel(configuration: .init(baseURL: server.baseURL, api: .automatic1111(options)),
                                       client: client)
            let data = try await model.render(Self.request(seed: (1 << 32) + 20))
            #expect(Array(data.prefix(8)) == Self.png)
            let last = try await server.json("/last?kind=txt2img", client: client)
            #expect((last["prompt"] as? String)?.hasPrefix("generate an image in <Dramatic> style: at Market") == true)
            #expect(last["seed"] as? Int == 20)
            #expect(last["steps"] as? Int == 12)
            #expect(last["sampler_name"] as? String == "DPM++ 2M")
            #expect(last["width"] as? Int == 64 && last["height"] as? Int == 48)
        }
    }

    @Test("OpenAI images API returns PNG bytes")
    func openAIImages() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let model = HTTPImageModel(configuration: .init(baseURL: server.url("/v1"), api: .openAIImages(model: "gpt-image-1"),
                                                            apiKey: "test-key", styleToken: .plain), client: client)
            let data = try await model.render(Self.request("at Market, a man is sitting"))
            #expect(Array(data.prefix(8)) == Self.png)
            let last = try await server.json("/last?kind=images", client: client)
            #expect(last["size"] as? String == "64x48")
            #expect(last["model"] as? String == "gpt-image-1")
            #expect(last["prompt"] as? String == "Dramatic style, at Market, a man is sitting")
        }
    }

    @Test("a 429 is waited out (Retry-After) and the render succeeds, no attempt spent")
    func rateLimited() async throws {
        try await ModelStubServer.with { server in
            let usage = ModelUsageCounter()
            let transport = PacedTransport(client: HTTPClient(), limiter: RateLimiter(), usage: usage)
            let counted = HTTPImageModel(configuration: .init(baseURL: server.baseURL), transport: transport)
            let png = try await counted.render(Self.request("FORCE_429_TWICE"))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(usage.snapshot.calls == 3)
            #expect(usage.snapshot.rateLimitWaits >= 2)
        }
    }

    @Test("a repeated render comes from the cache, not the server")
    func renderCache() async throws {
        try await ModelStubServer.with { server in
            let usage = ModelUsageCounter()
            let cache = MemoryResponseCache()
            let transport = PacedTransport(client: HTTPClient(), limiter: RateLimiter(), usage: usage)
            let model = HTTPImageModel(configuration: .init(baseURL: server.baseURL), transport: transport, cache: cache)
            let first = try await model.render(Self.request("a lighthouse"))
            let again = try await model.render(Self.request("a lighthouse"))
            _ = try await model.render(Self.request("a harbor"))
            #expect(first == again)
            #expect(usage.snapshot.calls == 2)
            #expect(usage.snapshot.cacheHits == 1)
        }
    }

    @Test("non-PNG image is permanent; wrong key is permanent")
    func failures() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let a1111 = HTTPImageModel(configuration: .init(baseURL: server.baseURL), client: client)
            do {
                _ = try await a1111.render(Self.request("FORCE_NOT_PNG"))
                Issue.record("expected failure")
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { Issue.record("not permanent"); return }
                #expect(why.contains("not a PNG"))
            }
            let openAI = HTTPImageModel(configuration: .init(baseURL: server.url("/v1"), api: .openAIImages(model: "m"),
                                                             apiKey: "sk-WRONG"), client: client)
            do {
                _ = try await openAI.render(Self.request())
                Issue.record("expected failure")
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { Issue.record("not permanent"); return }
                #expect(why.contains("HTTP 401") && !why.contains("sk-WRONG"))
            }
        }
    }

    @Test("unreachable image server is transient")
    func unreachable() async throws {
        let server = try await ModelStubServer.start()
        let url = server.baseURL
        server.stop()
        let model = HTTPImageModel(configuration: .init(baseURL: url), client: HTTPClient())
        do {
            _ = try await model.render(Self.request())
            Issue.record("expected failure")
        } catch let error as ModelError {
            guard case .transient = error else { Issue.record("not transient: \(error)"); return }
        }
    }
}
