import Models
import Imaging
import DreamFrameCore
import Foundation

/// The paper's eight frame verbs as body poses.
public enum FigurePose: String, Sendable, CaseIterable {
    case stand, sit, look, talk, hold, squat, walk, hug

    /// Reads a verb in any form ("standing", "sits", "hugged", "Talk").
    public init?(verb: String) {
        let v = verb.lowercased()
        let stems: [(String, FigurePose)] = [("stand", .stand), ("sit", .sit), ("sat", .sit), ("look", .look),
                                             ("talk", .talk), ("hold", .hold), ("held", .hold), ("squat", .squat),
                                             ("walk", .walk), ("hug", .hug)]
        guard let hit = stems.first(where: { v.hasPrefix($0.0) }) else { return nil }
        self = hit.1
    }
}
