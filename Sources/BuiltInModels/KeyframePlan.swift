import Models
import Imaging
import DreamFrameCore
import Foundation

/// Facts of one planned keyframe before it is written out.
struct KeyframePlan {
    var actor: StoryCharacter
    var other: StoryCharacter?
    var verb: FigurePose
    var phrase: String
    var expression: String
}
