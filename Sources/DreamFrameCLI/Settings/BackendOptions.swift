import ArgumentParser
import Foundation
import HTTPModels

/// Which model backends to use. The built-in ones run offline; HTTP ones talk to model servers.
/// API keys are read from the environment variable named by `--api-key-env`, never from a flag.
public struct BackendOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("story-model"), help: "builtin or openai (an OpenAI-compatible chat API).")
    public var storyModel: StoryModelKind?

    @Option(name: .customLong("story-model-url"), help: "Base URL of the chat API, e.g. http://host:8000/v1.")
    public var storyModelURL: String?

    @Option(name: .customLong("story-model-name"), help: "Model name sent to the chat API.")
    public var storyModelName: String?

    @Option(name: .customLong("image-model"), help: "builtin, a1111 (AUTOMATIC1111 txt2img), comfyui (a ComfyUI workflow) or openai-images.")
    public var imageModel: ImageModelKind?

    @Option(name: .customLong("image-model-url"), help: "Base URL of the image server.")
    public var imageModelURL: String?

    @Option(name: .customLong("image-workflow"), help: "ComfyUI workflow in API format with {{prompt}} and other placeholders (default ops/comfyui/txt2img-sdxl.json).")
    public var imageWorkflow: String?

    @Option(name: .customLong("image-embeddings-dir"), help: "The folder the image server loads embeddings from, as this host sees it: learned styles are installed there when the server lacks them.")
    public var imageEmbeddingsDir: String?

    @Option(name: .customLong("image-checkpoint"), help: "Base checkpoint of ComfyUI renders (default sd_xl_base_1.0.safetensors).")
    public var imageCheckpoint: String?

    @Option(name: .customLong("image-refiner"), help: "Refiner checkpoint: ComfyUI (default sd_xl_refiner_1.0.safetensors) and A1111 1.6+ (default none).")
    public var imageRefiner: String?

    @Option(name: .customLong("image-steps"), help: "Denoising steps per render on A1111 and ComfyUI (default 40, the paper's).")
    public var imageSteps: Int?

    @Option(name: .customLong("negative-prompt"), help: "The fixed negative prompt of every render on A1111 and ComfyUI.")
    public var negativePrompt: String?

    @Option(name: .customLong("style-learner"), help: "builtin, a1111 (textual inversion on an AUTOMATIC1111 server) or command (an external trainer).")
    public var styleLearner: StyleLearnerKind?

    @Option(name: .customLong("style-learner-url"), help: "The AUTOMATIC1111 server that trains styles (default: --image-model-url).")
    public var styleLearnerURL: String?

    @Option(name: .customLong("style-trainer-command"), help: "The trainer's argument vector as a JSON array (or words split on spaces), with {images} {keyword} {token} {steps} {base_model} {output}.")
    public var styleTrainerCommand: String?

    @Option(name: .customLong("style-steps"), help: "Training steps (default 300 for the built-in learner, 1500 for a1111 and command).")
    public var styleSteps: Int?

    @Option(name: .customLong("style-base-model"), help: "The checkpoint styles are trained against, part of a style's identity (default sd-v1-5 for a1111, stable-diffusion-xl-base-1.0 for command).")
    public var styleBaseModel: String?

    @Option(name: .customLong("style-path-map"), help: "LOCAL=REMOTE: this host's reference folders as the A1111 training server sees them.")
    public var stylePathMap: String?

    @Option(name: .customLong("style-embeddings-dir"), help: "The A1111 training server's embeddings folder as this host sees it, to keep the trained file in the style cache.")
    public var styleEmbeddingsDir: String?

    @Option(name: .customLong("style-references"), help: "Reference images drawn per location (see --style-reference-locations) when a movie brings none and the learner trains from images (default 5, the paper's).")
    public var styleReferences: Int?

    @Option(name: .customLong("style-reference-locations"), help: "How many of the movie's locations reference images are drawn at (default 12, the paper's; fewer when the story has fewer).")
    public var styleReferenceLocations: Int?

    @Option(name: .customLong("style-train-timeout"), help: "Seconds one style's learning may take, drawing its reference images and training together (default 6600: under the broker's 2-hour consumer timeout of ops/rabbitmq).")
    public var styleTrainTimeout: Double?

    @Option(name: .customLong("api-key-env"), help: "Environment variable holding the model servers' API key (default DREAMFRAME_API_KEY).")
    public var apiKeyEnv: String?

    @Option(name: .customLong("model-timeout"), help: "Seconds before a model request times out (default 120).")
    public var modelTimeout: Double?

    @Option(name: .customLong("story-model-mode"), help: "How to ask the chat API for JSON first: json_schema (default), json_object or text; a server that refuses one gets the next.")
    public var storyModelMode: String?

    @Option(name: .customLong("model-concurrency"), help: "Requests in flight at once per model server from this process (default 16).")
    public var modelConcurrency: Int?

    @Option(name: .customLong("model-rpm"), help: "Requests per minute to send a model server at most (default: no limit but the server's 429s and rate-limit headers).")
    public var modelRPM: Int?

    @Option(name: .customLong("model-tpm"), help: "Tokens per minute to send a model server at most (default: no limit).")
    public var modelTPM: Int?

    @Option(name: .customLong("model-max-tokens"), help: "The largest max_tokens a story request sends (default: each level's schema bound).")
    public var modelMaxTokens: Int?

    @Option(name: .customLong("model-rate-limit-wait"), help: "Seconds one model call may wait out rate limits before it counts as failed (default 600).")
    public var modelRateLimitWait: Double?

    @Option(name: .customLong("model-cache"), help: "Folder of the model response cache (default ~/.cache/dreamframe/model-responses; share it between hosts to share answers).")
    public var modelCache: String?

    @Option(name: .customLong("model-cache-bytes"), help: "Size bound of the model response cache (default 1073741824).")
    public var modelCacheBytes: Int?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the model response cache.")
    public var noCache = false

    public init() {}

    public func validate() throws {
        if let storyModelMode, ResponseModeSetting(rawValue: storyModelMode) == nil {
            throw ValidationError("--story-model-mode: expected json_schema, json_object or text, got '\(storyModelMode.prefix(40))'")
        }
        if let modelConcurrency, !(1...1024).contains(modelConcurrency) {
            throw ValidationError("--model-concurrency: expected 1...1024 requests in flight, got \(modelConcurrency)")
        }
        for (flag, value) in [("--model-rpm", modelRPM), ("--model-tpm", modelTPM)] {
            if let value, !(1...100_000_000).contains(value) {
                throw ValidationError("\(flag): expected a positive number per minute (at most 100000000), got \(value)")
            }
        }
        if let modelMaxTokens, !(16...1_000_000).contains(modelMaxTokens) {
            throw ValidationError("--model-max-tokens: expected 16...1000000 tokens, got \(modelMaxTokens)")
        }
        if let modelRateLimitWait, !(modelRateLimitWait >= 0 && modelRateLimitWait <= 86_400) {
            throw ValidationError("--model-rate-limit-wait: expected seconds in [0, 86400], got \(modelRateLimitWait)")
        }
        if let modelCacheBytes, modelCacheBytes < 65_536 {
            throw ValidationError("--model-cache-bytes: expected at least 65536 bytes, got \(modelCacheBytes)")
        }
        if noCache, modelCache != nil {
            throw ValidationError("--no-cache and --model-cache: give one of them")
        }
        if let imageSteps, !(1...1000).contains(imageSteps) {
            throw ValidationError("--image-steps: expected 1...1000 denoising steps, got \(imageSteps)")
        }
        if let styleSteps, !(1...1_000_000).contains(styleSteps) {
            throw ValidationError("--style-steps: expected 1...1000000 training steps, got \(styleSteps)")
        }
        if let styleReferences, !(1...100).contains(styleReferences) {
            throw ValidationError("--style-references: expected 1...100 images per location, got \(styleReferences)")
        }
        if let styleReferenceLocations, !(1...100).contains(styleReferenceLocations) {
            throw ValidationError("--style-reference-locations: expected 1...100 locations, got \(styleReferenceLocations)")
        }
        if let stylePathMap, PathMap(stylePathMap) == nil {
            throw ValidationError("--style-path-map: expected LOCAL=REMOTE (two absolute paths), got '\(stylePathMap.prefix(80))'")
        }
        if let styleTrainTimeout, !(styleTrainTimeout > 0 && styleTrainTimeout <= 7 * 86_400) {
            throw ValidationError("--style-train-timeout: expected seconds in (0, 604800], got \(styleTrainTimeout)")
        }
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
        flags[.imageWorkflow] = imageWorkflow
        flags[.imageEmbeddingsDir] = imageEmbeddingsDir
        flags[.imageCheckpoint] = imageCheckpoint
        flags[.imageRefiner] = imageRefiner
        flags[.imageSteps] = imageSteps.map { String($0) }
        flags[.negativePrompt] = negativePrompt
        flags[.styleLearner] = styleLearner?.rawValue
        flags[.styleLearnerURL] = styleLearnerURL
        flags[.styleTrainerCommand] = styleTrainerCommand
        flags[.styleSteps] = styleSteps.map { String($0) }
        flags[.styleBaseModel] = styleBaseModel
        flags[.stylePathMap] = stylePathMap
        flags[.styleEmbeddingsDir] = styleEmbeddingsDir
        flags[.styleReferences] = styleReferences.map { String($0) }
        flags[.styleReferenceLocations] = styleReferenceLocations.map { String($0) }
        flags[.styleTrainTimeout] = styleTrainTimeout.map { String($0) }
        flags[.apiKeyEnv] = apiKeyEnv
        flags[.modelTimeout] = modelTimeout.map { String($0) }
        flags[.storyModelMode] = storyModelMode
        flags[.modelConcurrency] = modelConcurrency.map { String($0) }
        flags[.modelRPM] = modelRPM.map { String($0) }
        flags[.modelTPM] = modelTPM.map { String($0) }
        flags[.modelMaxTokens] = modelMaxTokens.map { String($0) }
        flags[.modelRateLimitWait] = modelRateLimitWait.map { String($0) }
        flags[.modelCache] = noCache ? ModelCacheSetting.off : modelCache
        flags[.modelCacheBytes] = modelCacheBytes.map { String($0) }
        return flags
    }
}
