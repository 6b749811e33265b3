import DreamFrameCore
import Foundation

/// Level 2: expand one substory into tinystories.
public struct SubstoryRequest: Codable, Sendable, Hashable {
    /// Seeds every random choice.
    public var seed: UInt64
    /// What the call may know about the movie.
    public var movie: MovieContext
    /// The substory to expand.
    public var substory: Substory
    /// How many tinystories to write.
    public var tinystoryCount: Int

    /// Creates a request.
    public init(seed: UInt64, movie: MovieContext, substory: Substory, tinystoryCount: Int) {
        self.seed = seed
        self.movie = movie
        self.substory = substory
        self.tinystoryCount = tinystoryCount
    }
}
