import Models
import Foundation

/// Facts of one planned keyframe before it is written out.
struct KeyframePlan {
    /// The character who acts.
    var actor: StoryCharacter
    /// The other character shown in the frame, if the phrase names them.
    var other: StoryCharacter?
    /// What the actor does.
    var pose: FigurePose
    /// The action as written after "is", e.g. "sitting on a wooden bench".
    var phrase: String
    /// The actor's face.
    var expression: FacialExpression
}

extension KeyframePlan {
    /// What makes two frames' descriptions the same: who, doing what, with which face.
    var key: String { "\(actor.appearance)|\(phrase)|\(expression.rawValue)" }
}
