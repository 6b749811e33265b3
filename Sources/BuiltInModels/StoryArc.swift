import Models
import Imaging
import DreamFrameCore
import Foundation

/// A plot shape: an ordered sequence of beats (11 long, the paper's substory count).
enum StoryArc: String, Sendable, CaseIterable {
    case quest, mystery, romance, survival, rivalry, redemption

    /// The arc's beats in order.
    var beats: [StoryBeat] {
        switch self {
        case .quest: return [.opening, .inciting, .meeting, .plan, .journey, .obstacle, .discovery, .setback, .confrontation, .climax, .resolution]
        case .mystery: return [.opening, .inciting, .discovery, .meeting, .journey, .setback, .discovery, .plan, .confrontation, .climax, .resolution]
        case .romance: return [.opening, .meeting, .bond, .inciting, .obstacle, .quarrel, .sacrifice, .confession, .reunion, .climax, .epilogue]
        case .survival: return [.opening, .inciting, .plan, .journey, .obstacle, .sacrifice, .setback, .discovery, .climax, .resolution, .epilogue]
        case .rivalry: return [.opening, .meeting, .inciting, .quarrel, .obstacle, .setback, .discovery, .reunion, .confrontation, .climax, .resolution]
        case .redemption: return [.opening, .inciting, .confession, .meeting, .plan, .setback, .obstacle, .sacrifice, .confrontation, .climax, .resolution]
        }
    }

    /// `count` beats: evenly sampled from the arc when fewer than 11, padded with middle beats when more.
    func beats(count: Int) -> [StoryBeat] {
        let base = beats
        guard count > 0 else { return [] }
        if count == 1 { return [.opening] }
        if count <= base.count {
            return (0..<count).map { base[Int((Double($0) * Double(base.count - 1) / Double(count - 1)).rounded())] }
        }
        var out = Array(base.dropLast(2))
        let filler: [StoryBeat] = [.journey, .obstacle, .discovery, .plan, .setback, .bond]
        var i = 0
        while out.count < count - 2 { out.append(filler[i % filler.count]); i += 1 }
        return out + base.suffix(2)
    }

    /// Arcs that suit a genre.
    static func options(for genre: StoryGenre) -> [StoryArc] {
        switch genre {
        case .romance: return [.romance, .romance, .rivalry]
        case .mystery, .crime: return [.mystery, .mystery, .redemption]
        case .disaster: return [.survival, .survival, .redemption]
        case .horror: return [.survival, .mystery]
        case .comedy, .family: return [.rivalry, .quest, .romance]
        case .drama, .historical, .biography: return [.redemption, .quest, .romance, .survival, .rivalry]
        case .anime, .adventure, .action, .fantasy, .sciFi: return [.quest, .survival, .rivalry, .mystery]
        }
    }
}
