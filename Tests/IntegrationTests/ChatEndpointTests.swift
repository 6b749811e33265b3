import Foundation
import Testing
@testable import Clients
@testable import Models
@testable import HTTPModels

/// The chat path against the stub server speaking the OpenAI / llama.cpp API over real HTTP: rate limits, runaway
/// answers, context overflows, refused modes, key and model errors, garbage, the response cache.
@Suite("Chat endpoint: limits, budgets, modes, errors and the cache over HTTP")
struct ChatEndpointTests {
    typealias Stub = HTTPStoryModelTests

    static let request = PlotRequest(seed: 9, theme: "a lighthouse keeper's last winter", substoryCount: 2)

    /// The permanent or transient message of `body`'s error (fails the test when it succeeds).
    static func failure(_ body: () async throws -> Void) async -> ModelError? {
        do {
            try await body()
            Issue.record("expected a model error")
        } catch let error as ModelError {
            return error
        } catch {
            Issue.record("not a model error: \(error)")
        }
        return nil
    }

    @Test("429 with Retry-After waits, does not fail, until the per-call bound; then transient")
    func retryAfter() async throws {
        try await ModelStubServer.with { server in
            let usage = ModelUsageCounter()
            let started = ContinuousClock.now
            let error = await Self.failure {
                _ = try await Stub.model(server, name: "stub-429", maxRateLimitWait: .milliseconds(2500), usage: usage)
                    .writePlot(Self.request)
            }
            let waited = ContinuousClock.now - started
            guard case .transient(let why) = error else { Issue.record("not transient: \(String(describing: error))"); return }
            #expect(why.contains("still rate limited after waiting"))
            #expect(why.contains("HTTP 429"))
            // Retry-After: 1 was honoured twice (2 s ≤ 2.5 s), the third wait would pass the bound.
            #expect(usage.snapshot.calls == 3)
            #expect(usage.snapshot.rateLimitWaits >= 2)
            #expect(waited >= .seconds(2))
        }
    }

    /// The issue's contract: against a server limited to 10 requests/s that answers bursts with 429s, no call fails
    /// and the calls use at least 90% of the limit. Utilisation is measured by the server (``ServerRateLimitUse``):
    /// the requests it let through beyond its initial 10-request burst over 10/s times the span they took, so a
    /// slow machine does not lower it as long as the limiter paces — it only sends no faster than the server allows.
    @Test("a server limited to 10 requests/s with bursts of 429s: every call succeeds, >= 90% of the limit is used")
    func rateLimitedServer() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let usage = ModelUsageCounter()
            let model = Stub.model(server, name: "stub-limited-10", client: client, usage: usage)
            // 400 calls at once, 390 of them beyond the burst: ~39 s of pacing at 10/s, so the one-second hold that
            // follows the first, unavoidable 429s (nothing is known of the server before its first answers; their
            // Retry-After is honoured) weighs ~2.5%. With 100 calls it weighed 10%, and on CI under the whole
            // integration suite's load 100 calls measured 84.9% (4 refused, 10.6 s); 250 calls (4%) measured 89.6%
            // once in a clean-clone CI run.
            let calls = 400
            let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<calls {
                    group.addTask {
                        let plot = try await model.writePlot(PlotRequest(seed: UInt64(index), theme: "x", substoryCount: 1))
                        return plot.substories.count == 1
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let use = try await ServerRateLimitUse.read(server, model: "stub-limited-10", client: client)
            print("rate-limited stub: \(use.summary); client waited \(usage.snapshot.rateLimitWaits) times")
            #expect(succeeded == calls)
            #expect(use.accepted == calls, "one accepted request per call: no failure, no repair")
            #expect(usage.snapshot.errors == 0)
            // Before the first answer up to the client's 16 transfers go out and 6 or so are refused; every 429 then
            // holds all callers, and the headers set the pace. Measured: 5-6 refusals. (Had calls passed the limiter
            // before waiting for a transfer, those queued in the client would go out after the hold began: 55-70 of
            // 80 calls refused, all in the first 0.7 s.)
            #expect(use.refused < calls / 4)
            #expect(use.steadyUtilisation >= 0.9, "\(use.summary)")
        }
    }

    @Test("a configured requests/min limit paces calls so the server never answers 429")
    func configuredLimit() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let model = OpenAIStoryModel(configuration: .init(
                baseURL: server.url("/v1"), model: "stub-limited-10", apiKey: "test-key",
                limits: .init(requestsPerMinute: 240), usage: ModelUsageCounter()), client: client)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { _ = try await model.writePlot(PlotRequest(seed: UInt64(index), theme: "x", substoryCount: 1)) }
                }
                try await group.waitForAll()
            }
            let refused = try await server.json("/stats?group=limited-429:stub-limited-10", client: client)["total"] as? Int ?? 0
            #expect(refused == 0)
        }
    }

    @Test("a runaway answer cut at max_tokens gets one repair with twice the budget, without the runaway text")
    func runaway() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let plot = try await Stub.model(server, name: "stub-runaway", client: client).writePlot(Self.request)
            #expect(plot.substories.count == 2)
            let last = try await server.json("/last?kind=chat", client: client)
            let messages = try #require(last["messages"] as? [[String: String]])
            #expect(messages.map { $0["role"] ?? "" } == ["system", "user", "user"])
            #expect(messages[2]["content"]?.contains("cut off after") == true)
            #expect(last["max_tokens"] as? Int == StorySchemas.plot(substories: 2).tokenBound * 2)
        }
    }

    @Test("an answer cut twice is a permanent error naming the budget")
    func runawayAlways() async throws {
        try await ModelStubServer.with { server in
            let error = await Self.failure { _ = try await Stub.model(server, name: "stub-runaway-always").writePlot(Self.request) }
            guard case .permanent(let why) = error else { Issue.record("not permanent: \(String(describing: error))"); return }
            #expect(why.contains("cut off"))
            #expect(why.contains("finish_reason: length"))
            #expect(why.contains("--model-max-tokens"))
        }
    }

    @Test("prompt + max_tokens over the context: the budget shrinks to fit and the call succeeds")
    func overflowShrinks() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let usage = ModelUsageCounter()
            // A 2,000-token context: the plot prompt (~800 tokens at 4 characters a token) fits, its schema
            // bound of max_tokens does not.
            let plot = try await Stub.model(server, name: "stub-ctx-2000", client: client, usage: usage).writePlot(Self.request)
            #expect(plot.substories.count == 2)
            let last = try await server.json("/last?kind=chat", client: client)
            let budget = try #require(last["max_tokens"] as? Int)
            #expect(budget < StorySchemas.plot(substories: 2).tokenBound)
            #expect(usage.snapshot.calls == 2)
        }
    }

    @Test("a prompt longer than the context is a permanent error saying how long, never a retry loop")
    func overflowPrompt() async throws {
        try await ModelStubServer.with { server in
            let usage = ModelUsageCounter()
            let error = await Self.failure { _ = try await Stub.model(server, name: "stub-ctx-100", usage: usage).writePlot(Self.request) }
            guard case .permanent(let why) = error else { Issue.record("not permanent: \(String(describing: error))"); return }
            #expect(why.contains("of a 100-token context"))
            #expect(why.contains("exceeds the available context size"))
            #expect(usage.snapshot.calls == 1)
        }
    }

    /// Sizes in the stub's tokens (4 characters) of a plot call that needs a repair: its first request, the repair
    /// request with the schema's text, and the schema's text (measured on `stub-invalid-once`, so the tests follow
    /// the prompts as they change).
    static func repairSizes(_ server: ModelStubServer, client: HTTPClient) async throws -> (first: Int, repair: Int, schema: Int) {
        _ = try await Stub.model(server, name: "stub-invalid-once", client: client).writePlot(Self.request)
        let last = try await server.json("/last?kind=chat", client: client)
        let characters = try #require(last["messages"] as? [[String: String]]).map { ($0["content"] ?? "").unicodeScalars.count }
        return (characters.prefix(2).reduce(0, +) / 4, characters.reduce(0, +) / 4,
                StorySchemas.plot(substories: 2).canonical.unicodeScalars.count / 4)
    }

    @Test("a repair whose prompt overflows the context is sent again without the schema's text (response_format has it)")
    func overflowRepairDropsSchemaText() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let size = try await Self.repairSizes(server, client: client)
            #expect(size.schema > 200, "the schema's text is a large part of a repair: \(size)")
            // A context the repair overflows with the schema's text and fits without it.
            let plot = try await Stub.model(server, name: "stub-invalid-once-ctx-\(size.repair - size.schema / 2)", client: client)
                .writePlot(Self.request)
            #expect(plot.substories.count == 2)
            let last = try await server.json("/last?kind=chat", client: client)
            let messages = try #require(last["messages"] as? [[String: String]])
            #expect(messages.map { $0["role"] ?? "" } == ["system", "user", "user"])
            let repair = messages.last?["content"] ?? ""
            #expect(repair.contains("Your previous answer was invalid: expected exactly 2 substories"))
            #expect(repair.contains("in the form the request above asks for"))
            #expect(!repair.contains("JSON Schema") && !repair.contains("minItems"), "\(repair)")
            let format = try #require(last["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema", "the server still has the schema")
        }
    }

    @Test("a repair that overflows even without the schema's text fails permanently, saying so")
    func overflowRepairFails() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let size = try await Self.repairSizes(server, client: client)
            // Room for the first request's answer (64 tokens), none for the repair's, with or without the schema.
            let context = size.first + 64
            let error = await Self.failure {
                _ = try await Stub.model(server, name: "stub-invalid-once-ctx-\(context)", client: client).writePlot(Self.request)
            }
            guard case .permanent(let why) = error else { Issue.record("not permanent: \(String(describing: error))"); return }
            #expect(why.contains("of a \(context)-token context even with the repair turn's schema text left out"), "\(why)")
            #expect(why.contains("give the server a larger context"))
        }
    }

    @Test("a server without json_schema gets json_object, and the process remembers it")
    func modeFallback() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let usage = ModelUsageCounter()
            let model = Stub.model(server, name: "stub-no-schema", client: client, usage: usage)
            _ = try await model.writePlot(Self.request)
            _ = try await model.writePlot(PlotRequest(seed: 10, theme: "x", substoryCount: 2))
            #expect(usage.snapshot.calls == 3)
            #expect(model.endpoint.currentMode == .jsonObject)
            let last = try await server.json("/last?kind=chat", client: client)
            #expect((last["response_format"] as? [String: Any])?["type"] as? String == "json_object")
        }
    }

    @Test("a server that takes neither json_schema nor json_object gets plain text, the JSON extracted; remembered")
    func textFallback() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let usage = ModelUsageCounter()
            let model = Stub.model(server, name: "stub-text-only", client: client, usage: usage)
            // json_schema refused, json_object refused, then text: prose around a fenced JSON answer.
            let first = try await model.writePlot(Self.request)
            #expect(first.substories.count == 2)
            #expect(model.endpoint.currentMode == .text)
            let afterFirst = try await server.json("/stats?group=chat:stub-text-only", client: client)["total"] as? Int
            #expect(afterFirst == 3)
            // The next call goes straight to text: one request.
            let second = try await model.writePlot(PlotRequest(seed: 10, theme: "x", substoryCount: 3))
            #expect(second.substories.count == 3)
            let total = try await server.json("/stats?group=chat:stub-text-only", client: client)["total"] as? Int
            #expect(total == 4)
            let last = try await server.json("/last?kind=chat", client: client)
            #expect(last["response_format"] == nil, "plain text: no response_format")
            #expect(usage.snapshot.calls == 4)
            #expect(usage.snapshot.errors == 0)
        }
    }

    @Test("401 without a key, 401 with a wrong key, 403 and 404 say what to fix", arguments: [
        ("stub", nil, "no API key was sent: put it in the environment variable DREAMFRAME_API_KEY"),
        ("stub", "sk-wrong-7777", "the API key in DREAMFRAME_API_KEY was refused"),
        ("stub-forbidden", "test-key", "without access to model 'stub-forbidden'"),
        ("stub-unknown", "test-key", "it serves: stub, stub-fenced"),
    ] as [(String, String?, String)])
    func actionableErrors(name: String, key: String?, says: String) async throws {
        try await ModelStubServer.with { server in
            let error = await Self.failure { _ = try await Stub.model(server, name: name, apiKey: key).writePlot(Self.request) }
            guard case .permanent(let why) = error else { Issue.record("not permanent: \(String(describing: error))"); return }
            #expect(why.contains(says), "\(why)")
            #expect(why.contains("level 1"))
            #expect(!why.contains("sk-wrong-7777"))
        }
    }

    @Test("a 200 whose body is not a chat completion is transient (a proxy's error page)")
    func garbage() async throws {
        try await ModelStubServer.with { server in
            let error = await Self.failure { _ = try await Stub.model(server, name: "stub-garbage").writePlot(Self.request) }
            guard case .transient(let why) = error else { Issue.record("not transient: \(String(describing: error))"); return }
            #expect(why.contains("is not a chat completion response"))
        }
    }

    @Test("the response cache answers a repeated call without the server; another seed is a miss")
    func cache() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("df-cache-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let usage = ModelUsageCounter()
            let cache = DiskResponseCache(directory: folder)
            let model = Stub.model(server, name: "stub", client: client, cache: cache, usage: usage)
            let first = try await model.writePlot(Self.request)
            // A second process with the same folder: the answer comes from disk.
            let again = try await Stub.model(server, name: "stub", client: client, cache: DiskResponseCache(directory: folder),
                                             usage: usage).writePlot(Self.request)
            #expect(first == again)
            _ = try await model.writePlot(PlotRequest(seed: 10, theme: Self.request.theme, substoryCount: 2))
            let stats = try await server.json("/stats?group=chat:stub", client: client)
            #expect(stats["total"] as? Int == 2)
            #expect(usage.snapshot.cacheHits == 1)
            #expect(usage.snapshot.cacheMisses == 2)
        }
    }
}
