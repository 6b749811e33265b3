@testable import Clients
import Foundation
@testable import HTTPModels
import Models
import Monitoring
import Testing
import TestSupport

/// The image backends' render cache in `dreamframe_model_cache_lookups_total`, as the chat cache is: one series per
/// image server and result, labelled `api="image"`, from 0. A hit comes from a cache that holds every frame; a miss
/// from an empty one, after which the render goes to a server that is not there and fails (the miss is counted
/// before the request).
@Suite("Render cache lookups of the image backends in the model metrics")
struct RenderCacheMetricsTests {
    /// A render cache holding a frame for every request.
    struct EveryFrameCache: ModelResponseCache {
        static let frame = Data(HTTPImageModel.pngSignature) + Data("a frame".utf8)

        func answer(for request: Data) async -> Data? { Self.frame }
        func store(_ answer: Data, for request: Data) async {}
    }

    /// Port 9 (discard) on loopback: nothing listens, so a render that misses the cache fails at once.
    static let absentServer = URL(string: "http://127.0.0.1:9")!
    static let request = RenderRequest(prompt: "a lighthouse at dusk", hints: nil, style: nil, seed: 4, width: 64, height: 48)

    static func transport(_ registry: MetricsRegistry, usage: ModelUsageCounter) -> PacedTransport {
        PacedTransport(client: HTTPClient(configuration: .init(defaultTimeout: .seconds(10))), limiter: RateLimiter(),
                       usage: usage, metricsFactory: registry.factory)
    }

    /// The lookups of the absent image server with `result`, as `GET /metrics` shows them (nil: no such series).
    static func lookups(_ registry: MetricsRegistry, _ result: String) -> Double? {
        PrometheusText.value(registry.exposition(), ModelServerMetricNames.cacheLookups,
                             ["server": "127.0.0.1:9", "api": "image", "result": result])
    }

    /// Renders once through a cache holding the frame and once through an empty one, checking the series before
    /// and after; `backend` makes the image model over a transport and a cache.
    static func checkHitAndMiss(_ backend: (PacedTransport, any ModelResponseCache) throws -> any ImageModel) async throws {
        let registry = MetricsRegistry()
        let usage = ModelUsageCounter()
        let transport = Self.transport(registry, usage: usage)
        let hitting = try backend(transport, EveryFrameCache())
        #expect(lookups(registry, "hit") == 0, "the series exist from the start")
        #expect(lookups(registry, "miss") == 0)

        #expect(try await hitting.render(request) == EveryFrameCache.frame)
        #expect(lookups(registry, "hit") == 1)
        #expect(lookups(registry, "miss") == 0)

        let missing = try backend(transport, MemoryResponseCache())
        await #expect(throws: ModelError.self) { _ = try await missing.render(request) }
        #expect(lookups(registry, "hit") == 1)
        #expect(lookups(registry, "miss") == 1)
        #expect(PrometheusText.value(registry.exposition(), ModelServerMetricNames.cacheLookups, ["api": "chat"]) == nil,
                "no chat endpoint here: renders are not counted as chat answers")
        #expect((usage.snapshot.cacheHits, usage.snapshot.cacheMisses) == (1, 1), "the heartbeat counts the same")
    }

    @Test("AUTOMATIC1111 and OpenAI images: render cache hits and misses are counted per image server")
    func httpImageModel() async throws {
        for api in [HTTPImageModel.API.automatic1111(.init()), .openAIImages(model: "gpt-image-1")] {
            try await Self.checkHitAndMiss { transport, cache in
                HTTPImageModel(configuration: .init(baseURL: Self.absentServer, api: api), transport: transport, cache: cache)
            }
        }
    }

    @Test("ComfyUI: render cache hits and misses are counted per image server")
    func comfyUI() async throws {
        let workflow = try ComfyUIWorkflow(data: Data(#"{"1": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}"}}}"#.utf8),
                                           source: "test")
        try await Self.checkHitAndMiss { transport, cache in
            ComfyUIImageModel(baseURL: Self.absentServer, options: .init(workflow: workflow), transport: transport, cache: cache)
        }
    }
}
