import Foundation

/// How an image model renders, for the dataset card: which backend and, for diffusion servers, the sampling the
/// paper fixes (checkpoints, steps, guidance, the negative prompt).
public struct RenderSettings: Codable, Sendable, Hashable {
    /// `builtin`, `a1111`, `comfyui` or `openai-images`.
    public var backend: String
    /// The base checkpoint or model name.
    public var checkpoint: String?
    /// The refiner checkpoint, when one finishes the image.
    public var refiner: String?
    /// The step the refiner takes over at, when known (ComfyUI's `{{refiner_switch_step}}`).
    public var refinerSwitchStep: Int?
    /// Denoising steps.
    public var steps: Int?
    /// Classifier-free guidance.
    public var guidance: Double?
    /// The sampler.
    public var sampler: String?
    /// The fixed negative prompt.
    public var negativePrompt: String?
    /// The workflow file (ComfyUI).
    public var workflow: String?

    /// Creates settings.
    public init(backend: String, checkpoint: String? = nil, refiner: String? = nil, refinerSwitchStep: Int? = nil,
                steps: Int? = nil, guidance: Double? = nil, sampler: String? = nil, negativePrompt: String? = nil,
                workflow: String? = nil) {
        self.backend = backend
        self.checkpoint = checkpoint
        self.refiner = refiner
        self.refinerSwitchStep = refinerSwitchStep
        self.steps = steps
        self.guidance = guidance
        self.sampler = sampler
        self.negativePrompt = negativePrompt
        self.workflow = workflow
    }
}
