import ArgumentParser
import Foundation

/// Builds the model backends a process uses from ``BackendOptions`` (flag, else environment, else config file):
/// the built-in offline ones by default, HTTP ones by configuration.
public struct Backends: Sendable {
    public let options: BackendOptions
    /// The config file's settings (backend keys are read from it when neither flag nor environment sets them).
    public let file: ConfigFile

    public init(options: BackendOptions, file: ConfigFile) {
        self.options = options
        self.file = file
    }

    public init(options: BackendOptions, configuration: Configuration) {
        self.init(options: options, file: configuration.file)
    }

    /// For offline commands: the config file from `$DREAMFRAME_CONFIG` or `./dreamframe.json`, if any.
    public static func offline(_ options: BackendOptions) throws -> Backends {
        Backends(options: options, file: try ConfigFile.load(explicit: ProcessInfo.processInfo.environment["DREAMFRAME_CONFIG"]))
    }

    private func setting(_ flag: String?, env: String, key: String) -> String? {
        flag ?? ProcessInfo.processInfo.environment[env].flatMap { $0.isEmpty ? nil : $0 } ?? file[key]
    }

    private var apiKey: String? {
        let variable = setting(options.apiKeyEnv, env: "DREAMFRAME_API_KEY_ENV", key: "api_key_env") ?? "DREAMFRAME_API_KEY"
        return ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    private var timeout: Duration {
        let seconds = options.modelTimeout ?? file["model_timeout"].flatMap(Double.init) ?? 120
        return .milliseconds(Int(seconds * 1000))
    }

    private func url(_ text: String?, flag: String) throws -> URL {
        guard let text, let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil else {
            throw ValidationError("\(flag): expected an http(s) base URL such as http://127.0.0.1:8000/v1, got '\(text.map(Redaction.url) ?? "nothing")'")
        }
        return url
    }

    /// The story model: `builtin` (default) or `openai`.
    public func storyModel(client: @autoclosure () -> HTTPClient) throws -> any StoryModel {
        switch setting(options.storyModel, env: "DREAMFRAME_STORY_MODEL", key: "story_model") ?? "builtin" {
        case "builtin":
            return BuiltInStoryModel()
        case "openai":
            let base = try url(setting(options.storyModelURL, env: "DREAMFRAME_STORY_MODEL_URL", key: "story_model_url"),
                               flag: "--story-model-url")
            let name = setting(options.storyModelName, env: "DREAMFRAME_STORY_MODEL_NAME", key: "story_model_name") ?? "gpt-4o-mini"
            return OpenAIStoryModel(configuration: .init(baseURL: base, model: name, apiKey: apiKey, timeout: timeout),
                                    client: client())
        case let other:
            throw ValidationError("--story-model: expected builtin or openai, got '\(other)'")
        }
    }

    /// The image model: `builtin` (default), `a1111` or `openai-images`.
    public func imageModel(client: @autoclosure () -> HTTPClient) throws -> any ImageModel {
        let kind = setting(options.imageModel, env: "DREAMFRAME_IMAGE_MODEL", key: "image_model") ?? "builtin"
        switch kind {
        case "builtin":
            return BuiltInImageModel()
        case "a1111", "openai-images":
            let base = try url(setting(options.imageModelURL, env: "DREAMFRAME_IMAGE_MODEL_URL", key: "image_model_url"),
                               flag: "--image-model-url")
            let api: HTTPImageModel.API = kind == "a1111"
                ? .automatic1111(.init()) : .openAIImages(model: file["image_model_name"] ?? "gpt-image-1")
            return HTTPImageModel(configuration: .init(baseURL: base, api: api, apiKey: apiKey, timeout: timeout),
                                  client: client())
        default:
            throw ValidationError("--image-model: expected builtin, a1111 or openai-images, got '\(kind)'")
        }
    }

    /// The style learner (built-in; an external trainer plugs in behind the same protocol).
    public func styleLearner() -> any StyleLearner {
        BuiltInStyleLearner()
    }
}
