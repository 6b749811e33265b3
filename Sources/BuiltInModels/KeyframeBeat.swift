import Foundation

/// What a keyframe of a tinystory shows of its event, in story order: the actor arriving, the act, how it is done,
/// the other character meanwhile, a feeling, and the actor moving on.
enum KeyframeBeat: CaseIterable {
    case arrive, act, means, side, feel, after

    /// The beats of the paper's 11 keyframes.
    static let eleven: [KeyframeBeat] = [.arrive, .act, .act, .means, .side, .act, .feel, .means, .side, .feel, .after]

    /// `count` beats: evenly sampled from ``eleven`` when fewer, its middle repeated when more.
    static func beats(count: Int) -> [KeyframeBeat] {
        guard count > 0 else { return [] }
        if count <= eleven.count {
            return (0..<count).map { eleven[count == 1 ? 1 : Int((Double($0) * 10 / Double(count - 1)).rounded())] }
        }
        let middle = Array(eleven[1..<10])
        return [.arrive] + (0..<(count - 2)).map { middle[$0 % middle.count] } + [.after]
    }
}
