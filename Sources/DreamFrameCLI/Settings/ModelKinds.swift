import ArgumentParser
import DreamFrameCore

/// Which story model answers the three expansion levels.
public enum StoryModelKind: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The offline, deterministic built-in storyteller.
    case builtin
    /// An OpenAI-compatible chat completions API (vLLM, SGLang, llama.cpp, Ollama, OpenAI).
    case openai
}

/// Which image model renders keyframes.
public enum ImageModelKind: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The offline built-in renderer.
    case builtin
    /// AUTOMATIC1111's txt2img API.
    case a1111
    /// The OpenAI images API.
    case openaiImages = "openai-images"
    /// A ComfyUI server running a workflow graph (`--image-workflow`).
    case comfyui
}

/// Which learner learns a style's embedding.
public enum StyleLearnerKind: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The offline built-in learner (a style vector the built-in renderer applies).
    case builtin
    /// Textual inversion on an AUTOMATIC1111 server (`--style-learner-url`, else `--image-model-url`).
    case a1111
    /// An external trainer command (`--style-trainer-command`), e.g. diffusers' textual_inversion_sdxl.py.
    case command
}

/// Parses a setting into one of its kinds, with an error naming the flag and the choices.
func parseKind<Kind: RawRepresentable & CaseIterable>(_ text: String?, _ key: SettingKey, default fallback: Kind) throws -> Kind
where Kind.RawValue == String {
    guard let text else { return fallback }
    guard let kind = Kind(rawValue: text) else {
        let choices = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationError.invalid("\(key.flag) (or \(key.environmentVariable))", value: text,
                                         expected: "one of \(choices)")
    }
    return kind
}

/// The `--story-model-mode` values: the ``HTTPModels/ResponseMode`` tried first.
public enum ResponseModeSetting: String, CaseIterable, Sendable {
    case jsonSchema = "json_schema"
    case jsonObject = "json_object"
    case text
}

/// The `--model-cache` value that turns the cache off (what `--no-cache` sets).
public enum ModelCacheSetting {
    public static let off = "off"
}
