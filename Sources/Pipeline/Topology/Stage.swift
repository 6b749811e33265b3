import Models
import Clients
import DreamFrameCore
import Foundation

/// The five pipeline stages, in flow order; the raw value is the stage's routing key in the topology.
public enum Stage: String, CaseIterable, Sendable, Codable {
    case plotWriter = "plot-writer"
    case storyExpander = "story-expander"
    case styleTrainer = "style-trainer"
    case frameRenderer = "frame-renderer"
    case qaValidator = "qa-validator"
}
