extension ComfyUIWorkflow {
    /// A value a workflow leaves open as `{{name}}`, filled per frame.
    public enum Placeholder: String, CaseIterable, Sendable, Hashable {
        /// The frame's prompt, the style's token in it (required).
        case prompt
        /// The fixed negative prompt.
        case negativePrompt = "negative_prompt"
        /// The frame's seed (a number).
        case seed
        /// The frame's width in pixels (a number).
        case width
        /// The frame's height in pixels (a number).
        case height
        /// Denoising steps in all (a number).
        case steps
        /// Classifier-free guidance (a number).
        case cfg
        /// The base checkpoint.
        case checkpoint
        /// The refiner checkpoint.
        case refinerCheckpoint = "refiner_checkpoint"
        /// The step at which the refiner takes over from the base model (a number): the base model's
        /// `end_at_step` and the refiner's `start_at_step`.
        case refinerSwitchStep = "refiner_switch_step"
        /// The prefix of the saved images' names.
        case filenamePrefix = "filename_prefix"
    }
}
