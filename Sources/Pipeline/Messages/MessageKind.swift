import Models
import Clients
import DreamFrameCore
import Foundation

/// Every kind of message in the pipeline and the stage that consumes it.
public enum MessageKind: String, Codable, Sendable, CaseIterable {
    /// Level 1: write a movie's prior and substories.
    case writePlot = "write-plot"
    /// Level 2: expand one substory into tinystories.
    case expandSubstory = "expand-substory"
    /// Level 3: expand one tinystory into keyframes, dialogue and QA.
    case expandTinystory = "expand-tinystory"
    /// Learn (or fetch) the movie's style, then release its renders.
    case learnStyle = "learn-style"
    /// The style a movie waited for exists now: release its renders.
    case styleReady = "style-ready"
    /// Render one keyframe.
    case renderFrame = "render-frame"
    /// Validate a movie's QA and write its dataset record.
    case validateMovie = "validate-movie"

    /// The stage whose work queue receives this kind.
    public var stage: Stage {
        switch self {
        case .writePlot: return .plotWriter
        case .expandSubstory, .expandTinystory: return .storyExpander
        case .learnStyle, .styleReady: return .styleTrainer
        case .renderFrame: return .frameRenderer
        case .validateMovie: return .qaValidator
        }
    }
}
