import ArgumentParser
import BuiltInModels
import Clients
import DreamFrameCore
import Foundation
import HTTPModels
import Models

/// Builds the model backends a process uses from its settings (flag, else environment, else config file): the
/// built-in offline ones by default, HTTP ones by configuration.
public struct Backends: Sendable {
    /// Where every setting comes from.
    public let source: SettingsSource

    public init(source: SettingsSource) {
        self.source = source
    }

    /// For offline commands: the backend flags over the environment and the config file, if any.
    public static func offline(_ options: BackendOptions) async throws -> Backends {
        try await asUsageError { Backends(source: try await SettingsSource.load(flags: options.flags)) }
    }

    /// The environment variable holding the model servers' API key.
    var apiKeyVariable: String { source.string(.apiKeyEnv, default: "DREAMFRAME_API_KEY") }

    var apiKey: String? {
        ProcessInfo.processInfo.environment[apiKeyVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    func timeout() throws -> Duration {
        let text = source.string(.modelTimeout, default: "120")
        guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
            throw ConfigurationError.invalid(SettingKey.modelTimeout.flag, value: text, expected: "seconds in (0, 86400]")
        }
        return .milliseconds(Int(seconds * 1000))
    }

    func url(_ key: SettingKey) throws -> URL {
        let text = source.string(key)
        guard let text, let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil else {
            throw ConfigurationError.invalid(key.flag, value: text.map(Redaction.url) ?? "nothing",
                                             expected: "an http(s) base URL such as http://127.0.0.1:8000/v1")
        }
        return url
    }

    /// The configured story model kind.
    public func storyModelKind() throws -> StoryModelKind {
        try parseKind(source.string(.storyModel), .storyModel, default: .builtin)
    }

    /// The story model: `builtin` (default) or `openai` (over ``chatEndpoint()``), its calls counted and timed.
    public func storyModel() throws -> any StoryModel {
        let kind = try storyModelKind()
        switch kind {
        case .builtin:
            return MeteredStoryModel(BuiltInStoryModel(), backend: kind.rawValue)
        case .openai:
            return MeteredStoryModel(OpenAIStoryModel(endpoint: try chatEndpoint()), backend: kind.rawValue)
        }
    }

    /// The image model: `builtin` (default), `a1111`, `comfyui` or `openai-images`, its renders counted and timed.
    /// An HTTP backend's requests go through `client`, by default one of its own with `--model-concurrency`
    /// transfers in flight.
    public func imageModel(client: HTTPClient? = nil) throws -> any ImageModel {
        let kind: ImageModelKind = try parseKind(source.string(.imageModel), .imageModel, default: .builtin)
        if kind == .builtin { return MeteredImageModel(BuiltInImageModel(), backend: kind.rawValue) }
        let client = try client ?? HTTPClient(configuration: .init(maxConcurrent: modelConcurrency()))
        let transport = PacedTransport(client: client,
                                       limiter: RateLimiter(limits: .init(requestsPerMinute: try integer(.modelRPM, in: 1...100_000_000))),
                                       maxWait: try seconds(.modelRateLimitWait, default: 600, in: 0...86_400))
        let embeddings = source.string(.imageEmbeddingsDir).map { URL(fileURLWithPath: $0, isDirectory: true) }
        let steps = try integer(.imageSteps, in: 1...1000) ?? 40
        let negative = source.string(.negativePrompt, default: ImageDefaults.negativePrompt)
        let api: HTTPImageModel.API
        switch kind {
        case .builtin:
            return MeteredImageModel(BuiltInImageModel(), backend: kind.rawValue)
        case .comfyui:
            return MeteredImageModel(ComfyUIImageModel(baseURL: try url(.imageModelURL),
                                                       options: try comfyUIOptions(steps: steps, negative: negative),
                                                       apiKey: apiKey, timeout: try timeout(), transport: transport,
                                                       cache: try responseCache(subfolder: "renders"),
                                                       embeddingsDirectory: embeddings),
                                     backend: kind.rawValue)
        case .a1111:
            api = .automatic1111(.init(steps: steps, negativePrompt: negative, refinerCheckpoint: source.string(.imageRefiner)))
        case .openaiImages:
            api = .openAIImages(model: source.string(.imageModelName, default: "gpt-image-1"))
        }
        let model = HTTPImageModel(configuration: .init(baseURL: try url(.imageModelURL), api: api, apiKey: apiKey,
                                                        timeout: try timeout(), embeddingsDirectory: embeddings),
                                   transport: transport, cache: try responseCache(subfolder: "renders"))
        return MeteredImageModel(model, backend: kind.rawValue)
    }

    /// ComfyUI's workflow (`--image-workflow`, checked when read) and render settings.
    func comfyUIOptions(steps: Int, negative: String) throws -> ComfyUIImageModel.Options {
        let path = source.string(.imageWorkflow, default: "ops/comfyui/txt2img-sdxl.json")
        let workflow: ComfyUIWorkflow
        do {
            workflow = try ComfyUIWorkflow(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError.invalid("\(SettingKey.imageWorkflow.flag) (or \(SettingKey.imageWorkflow.environmentVariable))",
                                             value: path, expected: "a ComfyUI workflow in API format: \(error)")
        }
        return ComfyUIImageModel.Options(workflow: workflow,
                                         checkpoint: source.string(.imageCheckpoint, default: "sd_xl_base_1.0.safetensors"),
                                         refinerCheckpoint: source.string(.imageRefiner, default: "sd_xl_refiner_1.0.safetensors"),
                                         steps: steps, negativePrompt: negative)
    }
}
