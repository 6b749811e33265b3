import DreamFrameCore
import Foundation

/// One keyframe to render.
public struct RenderRequest: Codable, Sendable, Hashable {
    /// The keyframe description (the paper's prompt form).
    public var prompt: String
    /// Structured facts of the frame, when the story was written by this project.
    public var hints: SceneHints?
    /// The learned style to render in; nil renders the prompt as written (a style's reference images are drawn
    /// before the style exists).
    public var style: StyleEmbedding?
    /// Seeds every random choice of the renderer.
    public var seed: UInt64
    /// Frame width in pixels.
    public var width: Int
    /// Frame height in pixels.
    public var height: Int

    /// Creates a render request.
    public init(prompt: String, hints: SceneHints?, style: StyleEmbedding?, seed: UInt64, width: Int, height: Int) {
        self.prompt = prompt
        self.hints = hints
        self.style = style
        self.seed = seed
        self.width = width
        self.height = height
    }
}
