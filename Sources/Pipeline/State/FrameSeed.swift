/// The render seed of a keyframe.
public enum FrameSeed: String, Codable, Sendable, CaseIterable {
    /// The movie's seed + 20 + the frame's 1-based index: every movie renders with seeds of its own.
    case movie
    /// 20 + the frame's 1-based index in every movie, as the paper's renders do.
    case paper

    /// The seed frame `index` (1-based) of a movie seeded `movieSeed` renders with.
    public func seed(movieSeed: UInt64, frameIndex index: Int) -> UInt64 {
        switch self {
        case .movie: return movieSeed &+ 20 &+ UInt64(index)
        case .paper: return 20 &+ UInt64(index)
        }
    }

    /// The seed under the default policy (``movie``).
    public static func seed(movieSeed: UInt64, frameIndex index: Int) -> UInt64 {
        FrameSeed.movie.seed(movieSeed: movieSeed, frameIndex: index)
    }
}
