import Models
import Clients
import DreamFrameCore
import Foundation

/// A ``StoryModel`` backed by an OpenAI-compatible chat API (`POST {baseURL}/chat/completions`).
///
/// Each level sends the paper's contract and a JSON schema as the prompt, with
/// `response_format: {"type": "json_object"}`, the configured temperature and the request's seed. The answer
/// (`choices[0].message.content`) is parsed as JSON (code fences and surrounding prose are tolerated) and validated:
/// counts, required fields, the QA type taken from each question's first word, the allowed keyframe verbs.
/// An answer that fails validation gets ONE repair round trip (the error is sent back and corrected JSON is asked
/// for); if that fails too, ``ModelError/permanent(_:)`` is thrown with the reason. HTTP 408/429/5xx, timeouts and
/// refused connections are ``ModelError/transient(_:)``; other 4xx are permanent. Task cancellation propagates as
/// `CancellationError`.
///
/// Substory and tinystory `index` values are the 0-based positions in the answer.
public struct OpenAIStoryModel: StoryModel {
    /// Where and how to call the chat API.
    public struct Configuration: Sendable, Hashable {
        /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`; `/chat/completions`
        /// is appended.
        public var baseURL: URL
        /// The model name sent in each request.
        public var model: String
        /// Sent as `Authorization: Bearer <apiKey>` when set. Never printed.
        public var apiKey: String?
        /// Sampling temperature.
        public var temperature: Double
        /// `max_tokens`, or nil to let the server decide.
        public var maxTokens: Int?
        /// Total time limit of one chat call.
        public var timeout: Duration
        /// Extra headers for every call (e.g. an organisation header).
        public var extraHeaders: HTTPHeaders

        /// Creates a configuration.
        public init(baseURL: URL, model: String, apiKey: String? = nil, temperature: Double = 0.8,
                    maxTokens: Int? = nil, timeout: Duration = .seconds(300), extraHeaders: HTTPHeaders = [:]) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.extraHeaders = extraHeaders
        }
    }

    /// The settings in use.
    public let configuration: Configuration
    /// The client the calls go through (shareable between models).
    public let client: HTTPClient

    /// Creates a story model; pass a shared ``HTTPClient`` to bound concurrency across models.
    public init(configuration: Configuration, client: HTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    /// Level 1: the movie prior and `substoryCount` substories.
    public func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        try await converse(level: "level 1 (plot)", seed: request.seed, prompt: Self.plotPrompt(request)) {
            content throws(StoryOutputError) in try Self.parsePlot(content, request: request)
        }
    }

    /// Level 2: `tinystoryCount` tinystories and one QA pair for a substory.
    public func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        try await converse(level: "level 2 (substory \(request.substory.index))", seed: request.seed,
                           prompt: Self.substoryPrompt(request)) { content throws(StoryOutputError) in
            try Self.parseSubstoryExpansion(content, request: request)
        }
    }

    /// Level 3: `keyframeCount` keyframes with dialogue lines and two QA pairs for a tinystory.
    public func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        try await converse(level: "level 3 (tinystory \(request.tinystory.index))", seed: request.seed,
                           prompt: Self.tinystoryPrompt(request)) { content throws(StoryOutputError) in
            try Self.parseTinystoryExpansion(content, request: request)
        }
    }
}
