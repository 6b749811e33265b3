import Models
import Foundation

/// The structured content of one frame: where, who (as appearance phrases, the first acts), doing what, how they look.
public struct FrameScene: Sendable, Hashable {
    /// The place, e.g. "local tavern".
    public var location: String
    /// Appearance phrases of the characters in frame; the first acts.
    public var appearances: [String]
    /// The acting character's pose, one of the paper's eight verbs.
    public var pose: FigurePose
    /// The acting character's facial expression.
    public var expression: FacialExpression

    /// Creates a scene from its parts.
    public init(location: String, appearances: [String], pose: FigurePose, expression: FacialExpression) {
        self.location = location
        self.appearances = appearances
        self.pose = pose
        self.expression = expression
    }

    /// Uses structured hints when given; a verb the renderer has no pose for stands, an unknown expression is calm.
    public init(hints: SceneHints) {
        self.init(location: hints.location, appearances: hints.characters.map(\.appearance),
                  pose: FigurePose(verb: hints.verb) ?? .stand, expression: FacialExpression(word: hints.expression))
    }
}
