import Clients
import DreamFrameCore
import Foundation
import Models

/// An ``ImageModel`` that renders keyframes on a ComfyUI server.
///
/// Each frame fills the workflow's placeholders (``ComfyUIWorkflow``) and queues it (`POST /prompt` with this
/// process's `client_id`), waits for its entry in `GET /history/<prompt_id>` (watching `GET /queue` so a server
/// that restarted and lost the prompt is noticed), and fetches the first output image with `GET /view`. The API
/// is ComfyUI's own `server.py` (`post_prompt`, `get_history_prompt_id`, `get_queue`, `view_image`) and
/// `execution.py` (the history entry's `status`).
///
/// A learned style is named in the prompt as `embedding:<token>`; the server must have the embedding, which is
/// installed from the style cache when it lacks it (``EmbeddingInstaller``). A workflow ComfyUI refuses (a 400
/// with `node_errors`) fails permanently naming each node's error; a node that fails while running is transient
/// (out of memory, a server restarting). Rate limits, retries and the render cache are the other backends'.
public struct ComfyUIImageModel: ImageModel {
    /// What the frames are rendered with.
    public struct Options: Sendable, Hashable {
        /// The workflow graph with placeholders.
        public var workflow: ComfyUIWorkflow
        /// The base checkpoint (`{{checkpoint}}`), e.g. SDXL base 1.0.
        public var checkpoint: String
        /// The refiner checkpoint (`{{refiner_checkpoint}}`), when the workflow has a refiner.
        public var refinerCheckpoint: String
        /// Denoising steps (`{{steps}}`; the paper used 40).
        public var steps: Int
        /// The share of the steps the base model does before the refiner takes over (SDXL's convention, 0.8: 32 of
        /// 40), as ``refinerSwitchStep``.
        public var refinerSwitchAt: Double
        /// Classifier-free guidance (`{{cfg}}`).
        public var cfg: Double
        /// The fixed negative prompt (`{{negative_prompt}}`).
        public var negativePrompt: String
        /// How often a queued prompt's history is looked at.
        public var pollInterval: Duration

        /// Creates options.
        public init(workflow: ComfyUIWorkflow, checkpoint: String = "sd_xl_base_1.0.safetensors",
                    refinerCheckpoint: String = "sd_xl_refiner_1.0.safetensors", steps: Int = 40,
                    refinerSwitchAt: Double = 0.8, cfg: Double = 7, negativePrompt: String = ImageDefaults.negativePrompt,
                    pollInterval: Duration = .milliseconds(250)) {
            self.workflow = workflow
            self.checkpoint = checkpoint
            self.refinerCheckpoint = refinerCheckpoint
            self.steps = steps
            self.refinerSwitchAt = refinerSwitchAt
            self.cfg = cfg
            self.negativePrompt = negativePrompt
            self.pollInterval = pollInterval
        }

        /// The step the refiner takes over at (`{{refiner_switch_step}}`): ``refinerSwitchAt`` of ``steps``, rounded,
        /// at least 1 and at most ``steps`` — 32 of 40, 24 of 30, 16 of 20.
        public var refinerSwitchStep: Int {
            min(max(steps, 1), max(1, Int((Double(steps) * refinerSwitchAt).rounded())))
        }
    }

    /// The server's root (`http://host:8188`).
    public let baseURL: URL
    /// The workflow and its settings.
    public let options: Options
    /// Sent as `Authorization: Bearer <apiKey>` when set (a proxy in front of ComfyUI). Never printed.
    public let apiKey: String?
    /// Total time limit of one frame, queueing included.
    public let timeout: Duration
    /// Paces requests to the server (shared limiter, 429s waited out).
    public let transport: PacedTransport
    /// Rendered PNGs by the filled workflow, or nil.
    public let cache: (any ModelResponseCache)?
    /// Renders in flight, by request: one draw per graph at a time.
    let drawing = SingleFlight<Data, Data>()
    /// Installs a learned style's embedding on the server when it lacks it.
    public let installer: EmbeddingInstaller
    /// This process, as ComfyUI's `client_id`.
    public let clientId: String

    /// Creates a ComfyUI backend.
    public init(baseURL: URL, options: Options, apiKey: String? = nil, timeout: Duration = .seconds(600),
                transport: PacedTransport, cache: (any ModelResponseCache)? = nil, embeddingsDirectory: URL? = nil) {
        self.baseURL = baseURL
        self.options = options
        self.apiKey = apiKey
        self.timeout = timeout
        self.transport = transport
        self.cache = cache
        self.installer = EmbeddingInstaller(server: .comfyUI, baseURL: baseURL, directory: embeddingsDirectory,
                                            client: transport.client, apiKey: apiKey)
        self.clientId = "dreamframe-\(UUID().uuidString.lowercased())"
        if cache != nil { transport.prepareRenderCacheMetrics(server: baseURL) }
    }

    /// The prompt with the style as `embedding:<token>` (a style without a learned file is left as written).
    public func styledPrompt(for request: RenderRequest) -> String {
        StyledPrompt.make(request) { style in style.artifact.map { "embedding:\($0.token)" } }
    }

    /// The workflow filled for `request`.
    public func graph(for request: RenderRequest) -> JSONValue {
        options.workflow.filled([
            .prompt: .string(styledPrompt(for: request)),
            .negativePrompt: .string(options.negativePrompt),
            .seed: .number(Double(request.seed % (1 << 48))),
            .width: .number(Double(request.width)),
            .height: .number(Double(request.height)),
            .steps: .number(Double(options.steps)),
            .cfg: .number(options.cfg),
            .checkpoint: .string(options.checkpoint),
            .refinerCheckpoint: .string(options.refinerCheckpoint),
            .refinerSwitchStep: .number(Double(options.refinerSwitchStep)),
            .filenamePrefix: .string("dreamframe"),
        ])
    }

    /// The workflow and its sampling settings.
    public var settings: RenderSettings {
        let used = options.workflow.placeholdersUsed
        let usesRefiner = used.contains(.refinerCheckpoint)
        return RenderSettings(backend: "comfyui", checkpoint: options.checkpoint,
                              refiner: usesRefiner ? options.refinerCheckpoint : nil,
                              refinerSwitchStep: usesRefiner && used.contains(.refinerSwitchStep) ? options.refinerSwitchStep : nil,
                              steps: options.steps,
                              guidance: options.cfg, negativePrompt: options.negativePrompt,
                              workflow: URL(fileURLWithPath: options.workflow.source).lastPathComponent)
    }

    /// Renders one keyframe and returns its PNG bytes.
    public func render(_ request: RenderRequest) async throws -> Data {
        let graph = try JSONCoding.compactEncoder().encode(self.graph(for: request))
        let key = Data(baseURL.appendingPathComponent("prompt").absoluteString.utf8) + graph
        if let cache, let png = await cache.answer(for: key), png.starts(with: HTTPImageModel.pngSignature) {
            transport.countRenderCacheLookup(hit: true, server: baseURL)
            return png
        }
        if cache != nil { transport.countRenderCacheLookup(hit: false, server: baseURL) }
        // The same graph asked for twice at once (two movies of one seed) is drawn once.
        return try await drawing.run(key) {
            if let artifact = request.style?.artifact { try await self.installer.ensure(artifact) }
            let deadline = ContinuousClock.now + self.timeout
            let promptId = try await self.queue(graph)
            let image = try await self.awaitImage(promptId, deadline: deadline)
            let png = try await self.fetch(image)
            await self.cache?.store(png, for: key)
            return png
        }
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    /// `POST /prompt`; returns the prompt id, or fails naming the nodes ComfyUI refused.
    func queue(_ graph: Data) async throws -> String {
        var body = Data("{\"client_id\":".utf8) + (try JSONCoding.compactEncoder().encode(clientId))
        body += Data(",\"prompt\":".utf8) + graph + Data("}".utf8)
        var request = HTTPRequest(method: .post, url: baseURL.appendingPathComponent("prompt"), headers: headers,
                                  body: body, timeout: .seconds(60))
        request.headers["Content-Type"] = "application/json"
        let response = try await transport.send(request, estimatedTokens: 1, label: "render (ComfyUI)")
        if response.status == 400, let refusal = try? JSONDecoder().decode(ComfyUIRefusal.self, from: response.body) {
            throw ModelError.permanent("ComfyUI refused the workflow \(options.workflow.source): \(refusal.reason)")
        }
        try response.requireSuccess()
        guard let queued = try? JSONDecoder().decode(ComfyUIQueued.self, from: response.body) else {
            throw ModelError.transient("ComfyUI's answer to POST /prompt has no prompt_id: \(SafeText.line(response.text, maxBytes: 200))")
        }
        return queued.promptId
    }
}

/// Settings the image servers share.
public enum ImageDefaults {
    /// The fixed negative prompt of every render (the paper fixes one for all keyframes).
    public static let negativePrompt = "lowres, blurry, deformed, bad anatomy, extra limbs, text, watermark"
}
