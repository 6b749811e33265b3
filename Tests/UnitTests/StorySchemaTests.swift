import Foundation
import Testing
@testable import HTTPModels
@testable import Models

@Suite("Story schemas and the chat request bytes")
struct StorySchemaTests {
    static let locations = ["Old Harbor", "Grand Hall", "Market"]

    @Test("a schema is valid JSON with properties in their declared order, the same bytes every time")
    func canonicalOrder() throws {
        let schema = StorySchemas.tinystory(keyframes: 3, locations: Self.locations, names: ["Ada", "Tom"])
        let text = schema.canonical
        #expect(text == schema.canonical)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["required"] as? [String] == ["keyframes", "qa"])
        let frame = try #require(((object["properties"] as? [String: Any])?["keyframes"] as? [String: Any])?["items"] as? [String: Any])
        #expect(frame["required"] as? [String] == ["location", "characters", "verb", "action", "expression", "dialogue"])
        // Declared order in the text itself, not only in "required".
        let order = ["\"location\":", "\"characters\":", "\"verb\":", "\"action\":", "\"expression\":", "\"dialogue\":"]
            .compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
        #expect(text.contains("\"enum\":[\"Grand Hall\",\"Market\",\"Old Harbor\"]"))
        #expect(text.contains("\"minItems\":3,\"maxItems\":3"))
    }

    @Test("the request body is the same bytes for the same call, with the schema spliced in whole")
    func requestBytes() throws {
        let schema = StorySchemas.substory(tinystories: 2, locations: Self.locations)
        let body = ChatCompletionRequest(model: "m", messages: [.system("s"), .user("say \"\(JSONSchema.placeholder)\"")],
                                         temperature: 0.5, seed: 3,
                                         responseFormat: ResponseMode.jsonSchema.format(schema: schema, name: "substory"),
                                         maxTokens: 100)
        let first = try body.encoded()
        for _ in 0..<20 { #expect(try body.encoded() == first) }
        let object = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        let format = try #require(object["response_format"] as? [String: Any])
        let named = try #require(format["json_schema"] as? [String: Any])
        #expect((named["schema"] as? [String: Any])?["type"] as? String == "object")
        let messages = try #require(object["messages"] as? [[String: String]])
        #expect(messages[1]["content"] == "say \"\(JSONSchema.placeholder)\"")
    }

    @Test("answers are trimmed as Foundation trims white space and line breaks; objects are found around prose")
    func trimmingAndExtraction() throws {
        let samples = ["", " ", "\n\t a b \r\n", "\u{3000}Ada\u{00A0}", "\u{2028}x\u{2029}", "\u{85}é\u{200B}", "plain",
                       " \u{301}x", "日本 語\u{2003}", "\u{1680}\u{205F}"]
        for text in samples {
            let foundation = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.trimmingWhitespace == foundation, "\(text.debugDescription)")
            #expect(text.isBlank == foundation.isEmpty, "\(text.debugDescription)")
        }
        let object = try JSONExtraction.object(in: "Voilà — {\"a\": \"}{ é \\\" {\", \"b\": {\"c\": \"日本\"}} then {\"d\": 1}")
        #expect(object["a"] as? String == "}{ é \" {")
        #expect((object["b"] as? [String: Any])?["c"] as? String == "日本")
        #expect(object["d"] == nil)
        #expect(try JSONExtraction.object(in: "{not json} ```json\n{\"e\": 2}\n```")["e"] as? Int == 2)
        #expect(throws: StoryOutputError.self) { try JSONExtraction.object(in: " \n\u{3000}") }
        #expect(throws: StoryOutputError.self) { try JSONExtraction.object(in: "{\"a\": \"}\"") }
    }

    @Test("token bounds grow with the branching and cover the schema's longest answer")
    func budgets() {
        let small = StorySchemas.plot(substories: 2).tokenBound
        let large = StorySchemas.plot(substories: 11).tokenBound
        #expect(small > 500)
        #expect(large > small + 9 * 170)
        #expect(StorySchemas.tinystory(keyframes: 11, locations: Self.locations, names: ["Ada"]).tokenBound
                > 11 * (120 + 160) / 3)
    }

    @Test("rate-limit headers: Retry-After in seconds or as a date, OpenAI's reset durations")
    func headers() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        let parsed = RateLimitHeaders(["Retry-After": "3", "x-ratelimit-limit-requests": "60",
                                       "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1m2.5s",
                                       "x-ratelimit-remaining-tokens": "10", "x-ratelimit-reset-tokens": "20ms"], now: now)
        #expect(parsed.retryAfter == .seconds(3))
        #expect(parsed.limitRequests == 60)
        #expect(parsed.resetRequests == .milliseconds(62_500))
        #expect(parsed.resetTokens == .milliseconds(20))
        #expect(parsed.exhaustedFor == .milliseconds(62_500))
        let dated = RateLimitHeaders(["Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"], now: now)
        #expect(dated.retryAfter == .seconds(10))
        #expect(RateLimitHeaders(["Retry-After": "soon", "x-ratelimit-reset-requests": "5x"]).retryAfter == nil)
        #expect(RateLimitHeaders(["x-ratelimit-reset-requests": "5x"]).resetRequests == nil)
    }

    @Test("a configured limit paces acquisitions; a hold delays everyone")
    func limiter() async throws {
        let limiter = RateLimiter(limits: .init(requestsPerMinute: 600))
        var waited = Duration.zero
        for _ in 0..<15 { waited += try await limiter.acquire(estimatedTokens: 10) }
        // 10 in the first second's burst, then 10 a second: the last 5 waited about 0.5 s together.
        #expect(waited >= .milliseconds(300))
        let held = RateLimiter()
        await held.hold(for: .milliseconds(200))
        #expect(try await held.acquire(estimatedTokens: 1) >= .milliseconds(150))
    }

    @Test("more places: disjoint candidate groups without the plot's places; only new answers count")
    func morePlaces() throws {
        let known = ["Old Harbor", "market street"]
        let groups = PlaceCatalog.groups(count: 11, excluding: known)
        let all = groups.flatMap { $0 }
        #expect(groups.count == 11 && groups.allSatisfy { $0.count >= 3 })
        #expect(Set(all).count == all.count, "no candidate in two groups")
        #expect(!all.contains("Old Harbor") && !all.contains("Market Street"), "no place the plot has")
        let pattern = try Regex("^[A-Z][A-Za-z'-]{1,13}( [A-Z][A-Za-z'-]{1,13})?$")
        #expect(PlaceCatalog.places.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "every candidate fits the place schema")

        let added = try OpenAIStoryModel.parseMorePlaces(
            #"{"place_1": "Bell Tower", "place_2": "market street", "place_3": "Chapel", "place_4": "bell tower"}"#,
            slots: 4, known: known, needed: 2)
        #expect(added == ["Bell Tower", "Chapel"])
        do {
            _ = try OpenAIStoryModel.parseMorePlaces(#"{"place_1": "OLD HARBOR", "place_2": "Chapel"}"#,
                                                     slots: 2, known: known, needed: 2)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == "2 new places were needed but only 1 were new; these repeat a place already listed: OLD HARBOR")
        }
        let schema = StorySchemas.places(groups: [["Chapel", "Attic"], ["Barn"]]).canonical
        #expect(schema.contains("\"place_1\":{\"type\":\"string\""), "\(schema)")
        #expect(schema.contains("\"enum\":[\"Attic\",\"Chapel\"]"), "\(schema)")
    }

    @Test("a refused mode steps down once and is remembered")
    func modes() {
        let memory = ResponseModeMemory(.jsonSchema)
        #expect(memory.refuse(.jsonSchema) == .jsonObject)
        #expect(memory.current == .jsonObject)
        #expect(memory.refuse(.jsonSchema) == .jsonObject)
        #expect(memory.refuse(.jsonObject) == .text)
        #expect(memory.refuse(.text) == nil)
    }
}

@Suite("Story model answers: what the parser repairs itself")
struct StoryParsingTests {
    static func cast(_ roles: [CharacterRole]) -> [StoryCharacter] {
        roles.enumerated().map { StoryCharacter(name: "C\($0.offset)", role: $0.element, appearance: "a person in red") }
    }

    @Test("roles come out as 1-2 main and 0-1 supporting, names and order kept", arguments: [
        ([CharacterRole.main, .supporting, .supporting], [CharacterRole.main, .main, .supporting]),
        ([.supporting], [.main]),
        ([.supporting, .supporting, .supporting], [.main, .main, .supporting]),
        ([.main, .main, .main], [.main, .main, .supporting]),
        ([.main, .supporting], [.main, .supporting]),
    ])
    func roles(written: [CharacterRole], expected: [CharacterRole]) {
        let cast = OpenAIStoryModel.normalizedRoles(Self.cast(written))
        #expect(cast.map(\.role) == expected)
        #expect(cast.map(\.name) == Self.cast(written).map(\.name))
    }
}
