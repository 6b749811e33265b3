import Clients
import DreamFrameCore
import Foundation
import Models

/// One OpenAI-compatible chat server as a process sees it, shared by every handler that calls it: the HTTP client
/// with up to ``Configuration/maxInFlight`` requests in flight, the ``RateLimiter``, the strongest response mode
/// the server accepted, the response cache and the usage tally.
///
/// ``complete(_:)`` answers one ``ChatCall``: a cached answer when there is one; otherwise it sends through the
/// ``PacedTransport`` (a 429 holds every call to the server for its `Retry-After` and sends again — waiting, not
/// failing, up to ``Configuration/maxRateLimitWait`` per call) and reads what the server said. A 400 refusing the
/// `response_format` steps down to the next ``ResponseMode`` (remembered). A context overflow throws
/// ``ContextOverflow`` for the caller to shrink its request; 401/403 and 404 throw permanent errors saying what to
/// fix; other statuses map as ``HTTPResponse/classifiedError``.
public final class ChatEndpoint: Sendable {
    /// Where and how to call the server.
    public struct Configuration: Sendable {
        /// The API root, e.g. `http://127.0.0.1:8080/v1`; `/chat/completions` and `/models` are appended.
        public var baseURL: URL
        /// The model name sent in each request.
        public var model: String
        /// Sent as `Authorization: Bearer <apiKey>` when set. Never printed.
        public var apiKey: String?
        /// The environment variable the key is read from (named in error messages).
        public var apiKeyVariable: String
        /// Sampling temperature.
        public var temperature: Double
        /// Total time limit of one request.
        public var timeout: Duration
        /// The largest `max_tokens` sent (a level's budget comes from its schema, capped here); nil: no cap.
        public var maxTokens: Int?
        /// Extra headers for every request.
        public var extraHeaders: HTTPHeaders
        /// Requests in flight at once from this process (the rest wait their turn in order).
        public var maxInFlight: Int
        /// Configured requests and tokens per minute.
        public var limits: RateLimiter.Limits
        /// The longest one call waits for rate limits before it gives up (transient).
        public var maxRateLimitWait: Duration
        /// The mode tried first.
        public var mode: ResponseMode
        /// Where answers are cached; nil: none.
        public var cache: (any ModelResponseCache)?
        /// The usage tally to add to.
        public var usage: ModelUsageCounter

        /// Creates a configuration.
        public init(baseURL: URL, model: String, apiKey: String? = nil, apiKeyVariable: String = "DREAMFRAME_API_KEY",
                    temperature: Double = 0.8, maxTokens: Int? = nil, timeout: Duration = .seconds(300),
                    extraHeaders: HTTPHeaders = [:],
                    maxInFlight: Int = 16, limits: RateLimiter.Limits = .init(), maxRateLimitWait: Duration = .seconds(600),
                    mode: ResponseMode = .jsonSchema, cache: (any ModelResponseCache)? = nil,
                    usage: ModelUsageCounter = .process) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.apiKeyVariable = apiKeyVariable
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.timeout = timeout
            self.extraHeaders = extraHeaders
            self.maxInFlight = max(1, maxInFlight)
            self.limits = limits
            self.maxRateLimitWait = maxRateLimitWait
            self.mode = mode
            self.cache = cache
            self.usage = usage
        }
    }

    /// The settings in use.
    public let configuration: Configuration
    let transport: PacedTransport
    let modes: ResponseModeMemory
    let metrics: ModelMetrics
    var client: HTTPClient { transport.client }

    /// Creates an endpoint; `client` defaults to one of its own with ``Configuration/maxInFlight`` transfers.
    public init(configuration: Configuration, client: HTTPClient? = nil) {
        self.configuration = configuration
        let client = client ?? HTTPClient(configuration: .init(maxConcurrent: configuration.maxInFlight,
                                                                defaultTimeout: configuration.timeout))
        transport = PacedTransport(client: client, limiter: RateLimiter(limits: configuration.limits),
                                   maxWait: configuration.maxRateLimitWait, usage: configuration.usage)
        modes = ResponseModeMemory(configuration.mode)
        metrics = ModelMetrics(baseURL: configuration.baseURL, factory: transport.metricsFactory)
        metrics.prepare()
    }

    /// The mode the next call starts in.
    public var currentMode: ResponseMode { modes.current }

    /// Answers `call` (see the type's description).
    public func complete(_ call: ChatCall) async throws -> ChatAnswer {
        var mode = modes.current
        while true {
            let body = try requestBody(call, mode: mode)
            if let cache = configuration.cache {
                if let stored = await cache.answer(for: body),
                   var answer = try? JSONDecoder().decode(ChatAnswer.self, from: stored) {
                    configuration.usage.record { $0.cacheHits += 1 }
                    metrics.cache(hit: true)
                    answer.cached = true
                    return answer
                }
                configuration.usage.record { $0.cacheMisses += 1 }
                metrics.cache(hit: false)
            }
            let estimate = call.maxTokens + body.count / 4
            let response = try await transport.send(request(body), estimatedTokens: estimate, label: call.level)
            guard response.isSuccess else {
                let detail = ChatErrorBody.parse(response.body)
                if response.status == 400, Self.refusesResponseFormat(detail, mode: mode), let weaker = modes.refuse(mode) {
                    mode = weaker
                    continue
                }
                if let overflow = Self.contextOverflow(response, detail: detail) { throw overflow }
                throw failure(try await explain(response, detail: detail, level: call.level))
            }
            let answer = try decode(response, mode: mode, level: call.level)
            let used = (answer.promptTokens ?? 0) + (answer.completionTokens ?? 0)
            await transport.limiter.settle(estimatedTokens: estimate, usedTokens: used > 0 ? used : estimate)
            configuration.usage.record {
                $0.promptTokens += answer.promptTokens ?? 0
                $0.completionTokens += answer.completionTokens ?? 0
            }
            metrics.tokens(prompt: answer.promptTokens ?? 0, completion: answer.completionTokens ?? 0)
            if let cache = configuration.cache, let stored = try? JSONEncoder().encode(answer) {
                await cache.store(stored, for: body)
            }
            return answer
        }
    }

    /// Counts a failure and returns it.
    func failure(_ error: ModelError) -> ModelError {
        configuration.usage.record { $0.errors += 1 }
        return error
    }

    /// The exact bytes sent for `call` in `mode` (also the cache key).
    func requestBody(_ call: ChatCall, mode: ResponseMode) throws -> Data {
        let body = ChatCompletionRequest(model: configuration.model, messages: call.messages,
                                         temperature: configuration.temperature,
                                         seed: Int(call.seed & UInt64(Int64.max)),
                                         responseFormat: mode.format(schema: call.schema, name: call.schemaName),
                                         maxTokens: call.maxTokens)
        return try body.encoded()
    }

    /// The headers every request carries.
    var headers: HTTPHeaders {
        var headers = configuration.extraHeaders
        if let apiKey = configuration.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    /// The request carrying `body`.
    func request(_ body: Data) -> HTTPRequest {
        var request = HTTPRequest(method: .post, url: configuration.baseURL.appendingPathComponent("chat/completions"),
                                  headers: headers, body: body, timeout: configuration.timeout)
        request.headers["Content-Type"] = "application/json"
        request.headers["Accept"] = "application/json"
        return request
    }

    /// The answer of a 2xx response.
    func decode(_ response: HTTPResponse, mode: ResponseMode, level: String) throws -> ChatAnswer {
        guard let envelope = try? JSONDecoder().decode(ChatCompletionResponse.self, from: response.body) else {
            throw failure(.transient("\(level): \(response) is not a chat completion response"))
        }
        guard let choice = envelope.choices.first else {
            throw failure(.transient("\(level): chat completion from \(response.redactedURL) has no choices"))
        }
        return ChatAnswer(content: choice.message?.content ?? "", finishReason: choice.finishReason,
                          promptTokens: envelope.usage?.promptTokens, completionTokens: envelope.usage?.completionTokens,
                          mode: mode.description)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
