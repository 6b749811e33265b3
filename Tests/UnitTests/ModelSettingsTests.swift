@testable import DreamFrameCLI
import Foundation
import HTTPModels
import Testing

@Suite("Model settings: flags checked at the door, the endpoint built from flag, environment or file")
struct ModelSettingsTests {
    static func parse(_ arguments: [String]) throws -> BackendOptions {
        try BackendOptions.parse(arguments)
    }

    @Test("bad values name the flag and what was expected", arguments: [
        (["--model-concurrency", "0"], "--model-concurrency: expected 1...1024"),
        (["--model-rpm=-5"], "--model-rpm: expected a positive number per minute"),
        (["--model-max-tokens", "3"], "--model-max-tokens: expected 16...1000000"),
        (["--story-model-mode", "yaml"], "--story-model-mode: expected json_schema, json_object or text"),
        (["--model-cache-bytes", "10"], "--model-cache-bytes: expected at least 65536"),
        (["--no-cache", "--model-cache", "/tmp/x"], "--no-cache and --model-cache: give one of them"),
        (["--style-reference-locations", "0"], "--style-reference-locations: expected 1...100 locations"),
    ])
    func refused(arguments: [String], says: String) {
        do {
            _ = try Self.parse(arguments)
            Issue.record("accepted \(arguments)")
        } catch {
            #expect(BackendOptions.message(for: error).contains(says), "\(BackendOptions.message(for: error))")
        }
    }

    @Test("the endpoint takes every model setting; --no-cache turns the cache off")
    func endpoint() async throws {
        let options = try Self.parse(["--story-model", "openai", "--story-model-url", "http://127.0.0.1:9/v1",
                                      "--story-model-name", "m", "--model-concurrency", "64", "--model-rpm", "600",
                                      "--model-max-tokens", "900", "--story-model-mode", "json_object", "--no-cache"])
        let backends = try await Backends.offline(options)
        let endpoint = try backends.chatEndpoint()
        #expect(endpoint.configuration.maxInFlight == 64)
        #expect(endpoint.configuration.limits.requestsPerMinute == 600)
        #expect(endpoint.configuration.maxTokens == 900)
        #expect(endpoint.currentMode == .jsonObject)
        #expect(endpoint.configuration.cache == nil)
        let cached = try await Backends.offline(try Self.parse(["--story-model-url", "http://127.0.0.1:9/v1",
                                                                "--model-cache", "/tmp/df-cache-test"])).chatEndpoint()
        #expect((cached.configuration.cache as? DiskResponseCache)?.directory.path == "/tmp/df-cache-test")
    }

    @Test("an HTTP image backend keeps --model-concurrency transfers in flight (16 by default), as the chat endpoint does",
          arguments: [("a1111", ["--model-concurrency", "48"], 48), ("openai-images", ["--model-concurrency", "3"], 3),
                      ("a1111", [], 16)])
    func imageConcurrency(kind: String, flags: [String], inFlight: Int) async throws {
        let options = try Self.parse(["--image-model", kind, "--image-model-url", "http://127.0.0.1:9", "--no-cache"] + flags)
        let model = try await Backends.offline(options).imageModel()
        let http = try #require((model as? MeteredImageModel)?.base as? HTTPImageModel)
        #expect(http.client.configuration.maxConcurrent == inFlight)
    }

    @Test("a bad value from the environment names the flag and its variable")
    func environment() async throws {
        let source = try await SettingsSource.load(flags: [.storyModelURL: "http://127.0.0.1:9/v1"], explicitFile: nil,
                                                   environment: ["DREAMFRAME_MODEL_CONCURRENCY": "lots"])
        #expect(throws: (any Error).self) { try Backends(source: source).chatEndpoint() }
        do {
            _ = try Backends(source: source).chatEndpoint()
        } catch {
            #expect("\(error)".contains("--model-concurrency (or DREAMFRAME_MODEL_CONCURRENCY)"))
        }
    }

    @Test("reference images: --style-references at each of --style-reference-locations, from flags or the environment")
    func referencePlan() async throws {
        let trainer = ["--style-learner", "command", "--style-trainer-command", #"["/bin/true", "{images}"]"#]
        let backends = try await Backends.offline(try Self.parse(trainer + ["--style-references", "2",
                                                                            "--style-reference-locations", "3"]))
        let plan = try #require(try backends.styleReferences(for: try backends.styleLearner()))
        #expect(plan.perLocation == 2 && plan.locations == 3)
        let defaults = try await Backends.offline(try Self.parse(trainer))
        let paper = try #require(try defaults.styleReferences(for: try defaults.styleLearner()))
        #expect(paper.perLocation == 5 && paper.locations == 12, "the paper's 12 locations x 5 images")

        let source = try await SettingsSource.load(flags: [.styleLearner: "command", .styleTrainerCommand: "/bin/true {images}"],
                                                   explicitFile: nil,
                                                   environment: ["DREAMFRAME_STYLE_REFERENCE_LOCATIONS": "4"])
        let fromEnvironment = Backends(source: source)
        #expect(try fromEnvironment.styleReferences(for: try fromEnvironment.styleLearner())?.locations == 4)
    }
}
