import DreamFrameCore
import Foundation

/// Level 3 answer: keyframes (with dialogue lines attached) and two QA pairs.
public struct TinystoryExpansion: Codable, Sendable, Hashable {
    /// The keyframes, in story order.
    public var keyframes: [Keyframe]
    /// Exactly two QA pairs asked from the keyframes.
    public var qa: [QAPair]

    /// Creates an expansion.
    public init(keyframes: [Keyframe], qa: [QAPair]) {
        self.keyframes = keyframes
        self.qa = qa
    }
}
