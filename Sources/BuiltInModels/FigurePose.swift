import Foundation

/// The paper's eight frame verbs as body poses.
public enum FigurePose: String, Sendable, CaseIterable {
    /// The poses, in the paper's order of its verbs.
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

    /// Reads exactly the -ing form of a verb ("hugging"), lower-case.
    init?(presentParticiple word: String) {
        guard let pose = Self.allCases.first(where: { $0.presentParticiple == word }) else { return nil }
        self = pose
    }

    /// The -ing form: "standing", "sitting", ...
    var presentParticiple: String {
        switch self {
        case .stand: return "standing"
        case .sit: return "sitting"
        case .look: return "looking"
        case .talk: return "talking"
        case .hold: return "holding"
        case .squat: return "squatting"
        case .walk: return "walking"
        case .hug: return "hugging"
        }
    }
}
