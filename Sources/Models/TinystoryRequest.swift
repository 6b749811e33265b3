import DreamFrameCore
import Foundation

/// Level 3: expand one tinystory into keyframes, dialogue and QA.
public struct TinystoryRequest: Codable, Sendable, Hashable {
    /// Seeds every random choice.
    public var seed: UInt64
    /// What the call may know about the movie.
    public var movie: MovieContext
    /// The parent substory's content (for continuity), not its siblings.
    public var substoryContent: String
    /// The tinystory to expand.
    public var tinystory: Tinystory
    /// How many keyframes to write.
    public var keyframeCount: Int

    /// Creates a request.
    public init(seed: UInt64, movie: MovieContext, substoryContent: String, tinystory: Tinystory, keyframeCount: Int) {
        self.seed = seed
        self.movie = movie
        self.substoryContent = substoryContent
        self.tinystory = tinystory
        self.keyframeCount = keyframeCount
    }
}
