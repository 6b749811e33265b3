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

@Suite("OpenAIStoryModel against the stub chat API")
struct HTTPStoryModelTests {
    static func model(_ server: ModelStubServer, name: String = "stub", apiKey: String? = "test-key",
                      client: HTTPClient = HTTPClient(), timeout: Duration = .seconds(30),
                      maxRateLimitWait: Duration = .seconds(600), cache: (any ModelResponseCache)? = nil,
                      usage: ModelUsageCounter = ModelUsageCounter()) -> OpenAIStoryModel {
        OpenAIStoryModel(configuration: .init(baseURL: server.url("/v1"), model: name, apiKey: apiKey,
                                              temperature: 0.7, timeout: timeout, maxRateLimitWait: maxRateLimitWait,
                                              cache: cache, usage: usage), client: client)
    }

    static func plot(_ server: ModelStubServer, count: Int = 3, name: String = "stub") async throws -> MoviePlot {
        try await model(server, name: name).writePlot(PlotRequest(seed: 42, theme: "A love story about a duchess and a commoner", substoryCount: count))
    }

    @Test("level 1: plot parses, validates and sends the contract")
    func level1() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let plot = try await Self.model(server, client: client)
                .writePlot(PlotRequest(seed: 42, theme: "A love story about a duchess and a commoner", substoryCount: 4))
            #expect(plot.substories.count == 4)
            #expect(plot.substories.map(\.index) == [0, 1, 2, 3])
            #expect(plot.locations.count >= 12)
            #expect(plot.style.keyword == "Dramatic")
            #expect(plot.theme == "A love story about a duchess and a commoner")
            #expect(plot.characters.contains { $0.role == .main })
            #expect(plot.substories.allSatisfy { (1...3).contains($0.scene.count) })
            #expect(plot.substories.map(\.qa.type) == [.why, .what, .how, .where])

            let last = try await server.json("/last?kind=chat", client: client)
            #expect(last["model"] as? String == "stub")
            #expect(last["seed"] as? Int == 42)
            #expect(last["temperature"] as? Double == 0.7)
            let format = try #require(last["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let named = try #require(format["json_schema"] as? [String: Any])
            #expect(named["name"] as? String == "plot")
            #expect(named["strict"] as? Bool == true)
            let schema = try #require(named["schema"] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: Any])
            let substories = try #require(properties["substories"] as? [String: Any])
            #expect(substories["minItems"] as? Int == 4)
            #expect(substories["maxItems"] as? Int == 4)
            #expect(schema["additionalProperties"] as? Bool == false)
            #expect((last["max_tokens"] as? Int).map { $0 > 0 && $0 == StorySchemas.plot(substories: 4).tokenBound } == true)
            let messages = try #require(last["messages"] as? [[String: String]])
            #expect(messages.count == 2)
            let prompt = messages[1]["content"] ?? ""
            #expect(prompt.contains("At least 12 locations"))
            #expect(prompt.contains("ONE single word"))
            #expect(prompt.contains("duchess and a commoner"))
        }
    }

    @Test("level 2 and 3 parse and validate; keyframes follow the paper's form")
    func levels2and3() async throws {
        try await ModelStubServer.with { server in
            let model = Self.model(server)
            let plot = try await model.writePlot(PlotRequest(seed: 1, theme: nil, substoryCount: 2))
            let expansion = try await model.expandSubstory(
                SubstoryRequest(seed: 2, movie: plot.context, substory: plot.substories[1], tinystoryCount: 3))
            #expect(expansion.tinystories.count == 3)
            #expect(expansion.tinystories.map(\.index) == [0, 1, 2])
            #expect(expansion.tinystories.allSatisfy { plot.locations.contains($0.location) })
            #expect(expansion.qa.type == .what)

            let frames = try await model.expandTinystory(
                TinystoryRequest(seed: 3, movie: plot.context, substoryContent: plot.substories[1].content,
                                 tinystory: expansion.tinystories[0], keyframeCount: 5))
            #expect(frames.keyframes.count == 5)
            #expect(frames.qa.map(\.type) == [.why, .where])
            for frame in frames.keyframes {
                #expect(frame.description.hasPrefix("generate an image in Dramatic style: at "))
                #expect(OpenAIStoryModel.keyframeVerbs.contains(frame.verb))
                #expect(!frame.expression.isEmpty)
            }
            #expect(frames.keyframes.compactMap(\.dialogue).count == 3)
        }
    }

    @Test("answers in code fences with prose around them are accepted")
    func fenced() async throws {
        try await ModelStubServer.with { server in
            let plot = try await Self.plot(server, count: 2, name: "stub-fenced")
            #expect(plot.substories.count == 2)
        }
    }

    @Test("an invalid answer gets one repair round trip that sends the error back")
    func repair() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let plot = try await Self.model(server, name: "stub-invalid-once", client: client)
                .writePlot(PlotRequest(seed: 5, theme: "x", substoryCount: 3))
            #expect(plot.substories.count == 3)
            let stats = try await server.json("/stats?group=chat:stub-invalid-once", client: client)
            #expect(stats["total"] as? Int == 2)
            let last = try await server.json("/last?kind=chat", client: client)
            let messages = try #require(last["messages"] as? [[String: String]])
            // The repair turn sends the error and the schema, never the invalid answer back.
            #expect(messages.map { $0["role"] ?? "" } == ["system", "user", "user"])
            #expect(messages[2]["content"]?.contains("expected exactly 3 substories, got 2") == true)
            #expect(messages[2]["content"]?.contains("\"minItems\":3") == true)
        }
    }

    @Test("still invalid after the repair: permanent error with a readable reason", arguments: [
        "stub-always-invalid", "stub-not-json",
    ])
    func repairFails(name: String) async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            do {
                _ = try await Self.model(server, name: name, client: client)
                    .writePlot(PlotRequest(seed: 5, theme: "x", substoryCount: 3))
                Issue.record("expected failure")
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { Issue.record("not permanent: \(error)"); return }
                #expect(why.contains("after one repair attempt"))
                #expect(why.contains(name == "stub-not-json" ? "no JSON object" : "expected exactly 3 substories"))
            }
            let stats = try await server.json("/stats?group=chat:\(name)", client: client)
            #expect(stats["total"] as? Int == 2)
        }
    }

    @Test("a plot naming too few different places asks for the missing ones alone, never the whole plot again")
    func morePlaces() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let plot = try await Self.model(server, name: "stub-few-places", client: client)
                .writePlot(PlotRequest(seed: 5, theme: "x", substoryCount: 3))
            #expect(plot.locations.count == 12, "8 different places, then the 4 missing: \(plot.locations)")
            #expect(Set(plot.locations.map { $0.lowercased() }).count == plot.locations.count)
            #expect(plot.substories.count == 3)
            let stats = try await server.json("/stats?group=chat:stub-few-places", client: client)
            #expect(stats["total"] as? Int == 2, "the plot once, then the places")
            let last = try await server.json("/last?kind=chat", client: client)
            let messages = try #require(last["messages"] as? [[String: String]])
            #expect(messages.count == 2)
            let prompt = messages[1]["content"] ?? ""
            #expect(prompt.contains("A movie needs 4 more places"), "\(prompt)")
            #expect(prompt.contains("Places it has: Old Harbor, Grand Hall"), "\(prompt)")
            #expect(prompt.contains("- place_4: one of "), "\(prompt)")
            #expect(!prompt.contains("one of Old Harbor") && !prompt.contains(", Old Harbor"), "known places are no candidates")
            let format = try #require(last["response_format"] as? [String: Any])
            let named = try #require(format["json_schema"] as? [String: Any])
            #expect(named["name"] as? String == "places")
            let schema = try #require(named["schema"] as? [String: Any])
            #expect(schema["required"] as? [String] == ["place_1", "place_2", "place_3", "place_4"])
        }
    }

    @Test("places that only repeat the plot's own: one repair, then a permanent error saying how many were new")
    func morePlacesFail() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            do {
                _ = try await Self.model(server, name: "stub-few-places-repeats", client: client)
                    .writePlot(PlotRequest(seed: 5, theme: "x", substoryCount: 3))
                Issue.record("expected failure")
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { Issue.record("not permanent: \(error)"); return }
                #expect(why.hasPrefix("level 1 (plot: 4 more places than its 8)"), "\(why)")
                #expect(why.contains("4 new places were needed but only 0 were new"), "\(why)")
                #expect(why.contains("repeat a place already listed: Old Harbor, Grand Hall"), "\(why)")
            }
            let stats = try await server.json("/stats?group=chat:stub-few-places-repeats", client: client)
            #expect(stats["total"] as? Int == 3, "the plot, the places and their repair")
        }
    }

    @Test("HTTP failures map to ModelError categories without leaking the key", arguments: [
        ("stub-429", true), ("stub-500", true), ("stub-slow", true), ("bad-key", false),
    ])
    func httpFailures(name: String, transient: Bool) async throws {
        try await ModelStubServer.with { server in
            let model = Self.model(server, name: name, apiKey: name == "bad-key" ? "sk-WRONG-KEY-999" : "test-key",
                                   timeout: .milliseconds(500), maxRateLimitWait: .seconds(2))
            do {
                _ = try await model.writePlot(PlotRequest(seed: 1, theme: nil, substoryCount: 1))
                Issue.record("expected failure")
            } catch let error as ModelError {
                switch error {
                case .transient: #expect(transient, "\(error)")
                case .permanent: #expect(!transient, "\(error)")
                }
                #expect(error.description.contains("level 1"))
                #expect(!error.description.contains("sk-WRONG-KEY-999"))
            }
        }
    }

    @Test("QA type comes from the question's first word")
    func qaTypes() {
        #expect(OpenAIStoryModel.qaType(of: "Why does she leave?") == .why)
        #expect(OpenAIStoryModel.qaType(of: "  where is it") == .where)
        #expect(OpenAIStoryModel.qaType(of: "How, exactly?") == .how)
        #expect(OpenAIStoryModel.qaType(of: "Who is she?") == nil)
        #expect(OpenAIStoryModel.canonicalVerb("Walking") == "walk")
        #expect(OpenAIStoryModel.canonicalVerb("runs") == nil)
    }

    @Test("JSON extraction skips braces in strings and surrounding prose")
    func extraction() throws {
        let object = try JSONExtraction.object(in: "Here {not json} and then ```json\n{\"a\": \"}{\", \"b\": {\"c\": 1}}\n```")
        #expect(object["a"] as? String == "}{")
        #expect(throws: StoryOutputError.self) { try JSONExtraction.object(in: "{\"a\": 1") }
    }
}
