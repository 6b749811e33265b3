import ArgumentParser
import Foundation

/// Which model backends to use. The built-in ones run offline; HTTP ones talk to model servers.
/// API keys are read from the environment variable named by `--api-key-env`, never from a flag.
public struct BackendOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("story-model"), help: "builtin or openai (an OpenAI-compatible chat API).")
    public var storyModel: StoryModelKind?

    @Option(name: .customLong("story-model-url"), help: "Base URL of the chat API, e.g. http://host:8000/v1.")
    public var storyModelURL: String?

    @Option(name: .customLong("story-model-name"), help: "Model name sent to the chat API.")
    public var storyModelName: String?

    @Option(name: .customLong("image-model"), help: "builtin, a1111 (AUTOMATIC1111 txt2img) or openai-images.")
    public var imageModel: ImageModelKind?

    @Option(name: .customLong("image-model-url"), help: "Base URL of the image server.")
    public var imageModelURL: String?

    @Option(name: .customLong("api-key-env"), help: "Environment variable holding the model servers' API key (default DREAMFRAME_API_KEY).")
    public var apiKeyEnv: String?

    @Option(name: .customLong("model-timeout"), help: "Seconds before a model request times out (default 120).")
    public var modelTimeout: Double?

    public init() {}

    public func validate() throws {
        if let modelTimeout, !(modelTimeout > 0 && modelTimeout <= 86_400) {
            throw ValidationError("--model-timeout: expected seconds in (0, 86400], got \(modelTimeout)")
        }
    }

    /// The flags given on the command line, as settings.
    public var flags: [SettingKey: String] {
        var flags: [SettingKey: String] = [:]
        flags[.storyModel] = storyModel?.rawValue
        flags[.storyModelURL] = storyModelURL
        flags[.storyModelName] = storyModelName
        flags[.imageModel] = imageModel?.rawValue
        flags[.imageModelURL] = imageModelURL
        flags[.apiKeyEnv] = apiKeyEnv
        flags[.modelTimeout] = modelTimeout.map { String($0) }
        return flags
    }
}
