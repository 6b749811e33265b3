import DreamFrameCore
import Foundation

/// Structured facts about a frame, for renderers that can use them; text-only renderers read ``RenderRequest/prompt``.
public struct SceneHints: Codable, Sendable, Hashable {
    /// The location shown.
    public var location: String
    /// The characters in frame with their fixed appearances, in order (the first one acts).
    public var characters: [StoryCharacter]
    /// The acting character's verb, one of the paper's eight (see ``Keyframe/verb``).
    public var verb: String
    /// The acting character's facial expression.
    public var expression: String

    /// Creates hints.
    public init(location: String, characters: [StoryCharacter], verb: String, expression: String) {
        self.location = location
        self.characters = characters
        self.verb = verb
        self.expression = expression
    }
}
