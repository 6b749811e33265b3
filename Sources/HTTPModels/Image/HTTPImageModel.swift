import Models
import Clients
import DreamFrameCore
import Foundation

/// An ``ImageModel`` that renders keyframes through an HTTP image API and returns PNG bytes.
///
/// Two APIs are supported, chosen by ``API``:
/// - AUTOMATIC1111 (`POST {baseURL}/sdapi/v1/txt2img`): prompt, negative_prompt, seed, steps, width, height,
///   sampler_name, cfg_scale; answer `{"images": ["<base64 png>"]}`.
/// - OpenAI images (`POST {baseURL}/images/generations`): model, prompt, size `"WxH"`, `response_format:
///   "b64_json"`, n = 1; answer `{"data": [{"b64_json": "..."}]}`. This API has no seed parameter.
///
/// **Style token.** A learned style reaches the server as a textual-inversion token, not as the vector: an A1111
/// server loads embeddings from its `embeddings/` folder and a prompt uses one by writing its name. The embedding
/// must therefore be installed on the server under the name `<keyword>` (``StyleToken/angleBrackets``, the
/// diffusers placeholder convention) or `keyword` (``StyleToken/plain``). The prompt's `in <keyword> style`
/// phrase is rewritten to use the token; if the phrase is absent, `"<token> style, "` is prepended.
///
/// The answer must decode to bytes with the PNG signature, else ``ModelError/permanent(_:)`` is thrown. A 429 is
/// waited out (``PacedTransport``); other HTTP errors map like ``HTTPResponse/classifiedError`` (408/5xx and
/// timeouts transient).
public struct HTTPImageModel: ImageModel {
    /// Which image API the server speaks.
    public enum API: Sendable, Hashable {
        /// AUTOMATIC1111's web UI API.
        case automatic1111(Automatic1111Options)
        /// The OpenAI images API with this model name (e.g. "dall-e-3", "gpt-image-1").
        case openAIImages(model: String)
    }

    /// Sampling settings for AUTOMATIC1111.
    public struct Automatic1111Options: Sendable, Hashable {
        /// Denoising steps (the paper used 40).
        public var steps: Int
        /// A1111 sampler name.
        public var samplerName: String
        /// Classifier-free guidance scale.
        public var cfgScale: Double
        /// The fixed negative prompt.
        public var negativePrompt: String
        /// The refiner checkpoint (SDXL's, on A1111 1.6+), or nil for none.
        public var refinerCheckpoint: String?
        /// The share of the steps after which the refiner takes over.
        public var refinerSwitchAt: Double

        /// Creates options.
        public init(steps: Int = 40, samplerName: String = "Euler a", cfgScale: Double = 7,
                    negativePrompt: String = ImageDefaults.negativePrompt, refinerCheckpoint: String? = nil,
                    refinerSwitchAt: Double = 0.8) {
            self.steps = steps
            self.samplerName = samplerName
            self.cfgScale = cfgScale
            self.negativePrompt = negativePrompt
            self.refinerCheckpoint = refinerCheckpoint
            self.refinerSwitchAt = refinerSwitchAt
        }
    }

    /// How the style keyword is written as the embedding token in prompts.
    public enum StyleToken: Sendable, Hashable {
        /// `<Dramatic>`.
        case angleBrackets
        /// `Dramatic`.
        case plain
        /// The prompt is sent unchanged.
        case none
    }

    /// Where and how to call the image API.
    public struct Configuration: Sendable, Hashable {
        /// The API root: the A1111 web UI root (`http://host:7860`) or the OpenAI root (`https://api.openai.com/v1`).
        public var baseURL: URL
        /// The API flavour.
        public var api: API
        /// Sent as `Authorization: Bearer <apiKey>` when set. Never printed.
        public var apiKey: String?
        /// How the style token is written.
        public var styleToken: StyleToken
        /// Total time limit of one render.
        public var timeout: Duration
        /// The folder the server loads embeddings from, as this host sees it (a shared filesystem): where a
        /// learned style's file is installed when the server lacks it (AUTOMATIC1111).
        public var embeddingsDirectory: URL?

        /// Creates a configuration.
        public init(baseURL: URL, api: API = .automatic1111(Automatic1111Options()), apiKey: String? = nil,
                    styleToken: StyleToken = .angleBrackets, timeout: Duration = .seconds(600),
                    embeddingsDirectory: URL? = nil) {
            self.baseURL = baseURL
            self.api = api
            self.apiKey = apiKey
            self.styleToken = styleToken
            self.timeout = timeout
            self.embeddingsDirectory = embeddingsDirectory
        }
    }

    /// The settings in use.
    public let configuration: Configuration
    /// The client the calls go through.
    public var client: HTTPClient { transport.client }
    /// Paces renders to the server: its 429s and rate-limit headers hold every render of the process (see
    /// ``PacedTransport``), without spending the message's attempts.
    public let transport: PacedTransport

    /// Rendered PNGs by the exact request bytes (prompt, seed, size, sampler…), or nil: a replayed or resubmitted
    /// render is not paid for twice.
    public let cache: (any ModelResponseCache)?
    /// Renders in flight, by request: one draw per request at a time.
    let drawing = SingleFlight<Data, Data>()

    /// Installs a learned style's embedding on an AUTOMATIC1111 server that lacks it.
    public let installer: EmbeddingInstaller

    /// Creates an image model; `limits` are the configured requests (and tokens) per minute.
    public init(configuration: Configuration, client: HTTPClient, limits: RateLimiter.Limits = .init(),
                maxRateLimitWait: Duration = .seconds(600), cache: (any ModelResponseCache)? = nil) {
        self.init(configuration: configuration,
                  transport: PacedTransport(client: client, limiter: RateLimiter(limits: limits), maxWait: maxRateLimitWait),
                  cache: cache)
    }

    /// Creates an image model over a transport of the caller's (shared with other backends of the same server).
    public init(configuration: Configuration, transport: PacedTransport, cache: (any ModelResponseCache)? = nil) {
        self.configuration = configuration
        self.transport = transport
        self.cache = cache
        self.installer = EmbeddingInstaller(server: .automatic1111, baseURL: configuration.baseURL,
                                            directory: configuration.embeddingsDirectory, client: transport.client,
                                            apiKey: configuration.apiKey)
        if cache != nil { transport.prepareRenderCacheMetrics(server: configuration.baseURL) }
    }

    /// The API and its sampling settings.
    public var settings: RenderSettings {
        switch configuration.api {
        case .automatic1111(let options):
            return RenderSettings(backend: "a1111", refiner: options.refinerCheckpoint, steps: options.steps,
                                  guidance: options.cfgScale,
                                  sampler: options.samplerName, negativePrompt: options.negativePrompt)
        case .openAIImages(let model):
            return RenderSettings(backend: "openai-images", checkpoint: model)
        }
    }

    /// Renders one keyframe and returns its PNG bytes.
    public func render(_ request: RenderRequest) async throws -> Data {
        let httpRequest = try self.httpRequest(for: request)
        let key = httpRequest.url.absoluteString.data(using: .utf8).map { $0 + (httpRequest.body ?? Data()) } ?? Data()
        if let cache, let png = await cache.answer(for: key), png.starts(with: Self.pngSignature) {
            transport.countRenderCacheLookup(hit: true, server: configuration.baseURL)
            return png
        }
        if cache != nil { transport.countRenderCacheLookup(hit: false, server: configuration.baseURL) }
        // The same request asked for twice at once (two movies of one seed) is drawn once.
        return try await drawing.run(key) {
            if case .automatic1111 = self.configuration.api, let artifact = request.style?.artifact {
                try await self.installer.ensure(artifact)
            }
            let response = try await self.transport.send(httpRequest, estimatedTokens: 1, label: "render")
            try response.requireSuccess()
            let png = try Self.decodePNG(from: response)
            await self.cache?.store(png, for: key)
            return png
        }
    }

    /// The HTTP request that renders `request`. The keyframe's text (prompt, style keyword: a story model wrote
    /// them) travels only inside the JSON body; the URL and every header come from the configuration alone.
    public func httpRequest(for request: RenderRequest) throws -> HTTPRequest {
        let prompt = styledPrompt(for: request)
        var headers = HTTPHeaders()
        if let apiKey = configuration.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        switch configuration.api {
        case .automatic1111(let options):
            let body = Automatic1111Request(prompt: prompt, negativePrompt: options.negativePrompt,
                                            seed: Int(request.seed % (1 << 32)), steps: options.steps,
                                            width: request.width, height: request.height,
                                            samplerName: options.samplerName, cfgScale: options.cfgScale,
                                            refinerCheckpoint: options.refinerCheckpoint,
                                            refinerSwitchAt: options.refinerCheckpoint == nil ? nil : options.refinerSwitchAt)
            return try .postJSON(body, to: configuration.baseURL.appendingPathComponent("sdapi/v1/txt2img"),
                                 headers: headers, timeout: configuration.timeout,
                                 encoder: JSONCoding.compactEncoder())
        case .openAIImages(let model):
            let body = OpenAIImagesRequest(model: model, prompt: prompt, size: "\(request.width)x\(request.height)")
            return try .postJSON(body, to: configuration.baseURL.appendingPathComponent("images/generations"),
                                 headers: headers, timeout: configuration.timeout,
                                 encoder: JSONCoding.compactEncoder())
        }
    }

    /// The prompt with the style written as the token the server knows its embedding by: a learned artifact's
    /// own name (``StyleArtifact/token``), else the keyword as ``Configuration/styleToken`` says.
    public func styledPrompt(for request: RenderRequest) -> String {
        StyledPrompt.make(request) { style in
            if let artifact = style.artifact { return artifact.token }
            let keyword = style.keyword.trimmingCharacters(in: .whitespaces)
            switch configuration.styleToken {
            case .none: return nil
            case .plain: return keyword
            case .angleBrackets: return "<\(keyword)>"
            }
        }
    }
}
