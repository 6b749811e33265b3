import Models
import Imaging
import DreamFrameCore
import Foundation

/// The structured content of one frame: where, who (as appearance phrases, the first acts), doing what, how they look.
public struct FrameScene: Sendable, Hashable {
    /// The place, e.g. "local tavern".
    public var location: String
    /// Appearance phrases of the characters in frame; the first acts.
    public var appearances: [String]
    /// One of the paper's eight verbs (base form).
    public var verb: String
    /// The acting character's facial expression.
    public var expression: String

    /// The expressions the built-in models write and draw.
    public static let expressions = ["happy", "sad", "angry", "surprised", "fearful", "calm", "determined",
                                     "worried", "thoughtful", "tender"]

    /// Creates a scene from its parts.
    public init(location: String, appearances: [String], verb: String, expression: String) {
        self.location = location
        self.appearances = appearances
        self.verb = verb
        self.expression = expression
    }

    /// Uses structured hints when given.
    public init(hints: SceneHints) {
        self.init(location: hints.location, appearances: hints.characters.map(\.appearance),
                  verb: hints.verb, expression: hints.expression)
    }
}
