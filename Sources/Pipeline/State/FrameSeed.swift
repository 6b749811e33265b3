/// The render seed of a keyframe: the movie's seed + 20 + the frame's 1-based index, as the paper's renders do.
public enum FrameSeed {
    /// The seed frame `index` (1-based) of a movie seeded `movieSeed` renders with.
    public static func seed(movieSeed: UInt64, frameIndex index: Int) -> UInt64 {
        movieSeed &+ 20 &+ UInt64(index)
    }
}
