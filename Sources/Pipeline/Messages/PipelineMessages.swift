import Models
import Clients
import DreamFrameCore
import Foundation

/// Identifies a movie inside a run; every message carries it.
public struct MovieRef: Codable, Sendable, Hashable, CustomStringConvertible {
    public var runId: String
    /// The movie's id, also its folder name and its `video_id` in the dataset.
    public var movieId: String

    public init(runId: String, movieId: String) {
        self.runId = runId
        self.movieId = movieId
    }

    public var description: String { "\(runId)/\(movieId)" }
}

/// Level 1 request for one movie of a run.
public struct WritePlot: Codable, Sendable, Hashable {
    public var movie: MovieRef
    public var seed: UInt64
    public var theme: String?
    public var branching: Branching
    /// The movie's place in its batch's mix (``mixPosition(runSeed:index:)``); nil in messages older than it.
    public var mixPosition: Double?

    public init(movie: MovieRef, seed: UInt64, theme: String?, branching: Branching, mixPosition: Double? = nil) {
        self.movie = movie
        self.seed = seed
        self.theme = theme
        self.branching = branching
        self.mixPosition = mixPosition
    }

    /// Movie `index`'s place in the mix of the batch seeded `runSeed`: a golden-ratio (Weyl) sequence from a start the
    /// seed picks, so every stretch of a batch spreads evenly over 0..<1 and different batches start differently.
    public static func mixPosition(runSeed: UInt64, index: Int) -> Double {
        let start = StableHash.unit("mix \(runSeed)")
        let position = (start + Double(index) * 0.618_033_988_749_894_9).truncatingRemainder(dividingBy: 1)
        return position < 0 ? position + 1 : position
    }
}

/// Level 2 request: carries only the movie context and its own substory.
public struct ExpandSubstory: Codable, Sendable, Hashable {
    public var movie: MovieRef
    /// The movie's seed and expansion sizes, passed down so no call needs to look anything up.
    public var movieSeed: UInt64
    public var branching: Branching
    public var request: SubstoryRequest

    public init(movie: MovieRef, movieSeed: UInt64, branching: Branching, request: SubstoryRequest) {
        self.movie = movie
        self.movieSeed = movieSeed
        self.branching = branching
        self.request = request
    }
}

/// Level 3 request: carries only the movie context, the parent substory's content and its own tinystory.
public struct ExpandTinystory: Codable, Sendable, Hashable {
    public var movie: MovieRef
    public var movieSeed: UInt64
    public var branching: Branching
    public var substoryIndex: Int
    public var request: TinystoryRequest

    public init(movie: MovieRef, movieSeed: UInt64, branching: Branching, substoryIndex: Int, request: TinystoryRequest) {
        self.movie = movie
        self.movieSeed = movieSeed
        self.branching = branching
        self.substoryIndex = substoryIndex
        self.request = request
    }
}

/// Learn the movie's style (or take it from the cache) and release the movie's renders.
public struct LearnStyle: Codable, Sendable, Hashable {
    public var movie: MovieRef
    public var style: StyleSpec
    /// A folder of reference images; nil lets the learner render its own from the description.
    public var referenceImages: String?
    /// How many times this movie looked again after parking on a style someone else was learning (nil: never).
    public var recheck: Int?

    public init(movie: MovieRef, style: StyleSpec, referenceImages: String?, recheck: Int? = nil) {
        self.movie = movie
        self.style = style
        self.referenceImages = referenceImages
        self.recheck = recheck
    }
}

/// Wake-up for a movie that waited while another movie learned the same style.
public struct StyleReady: Codable, Sendable, Hashable {
    public var movie: MovieRef
    public var styleId: String

    public init(movie: MovieRef, styleId: String) {
        self.movie = movie
        self.styleId = styleId
    }
}

/// Render one keyframe (1-based `index` of `count`, in story order).
public struct RenderFrame: Codable, Sendable, Hashable {
    public var movie: MovieRef
    public var index: Int
    public var count: Int
    public var prompt: String
    public var hints: SceneHints?
    public var styleId: String
    public var seed: UInt64
    public var width: Int
    public var height: Int

    public init(movie: MovieRef, index: Int, count: Int, prompt: String, hints: SceneHints?, styleId: String,
                seed: UInt64, width: Int, height: Int) {
        self.movie = movie
        self.index = index
        self.count = count
        self.prompt = prompt
        self.hints = hints
        self.styleId = styleId
        self.seed = seed
        self.width = width
        self.height = height
    }
}

/// Validate the movie's QA and write its dataset record; sent once its last frame has landed.
public struct ValidateMovie: Codable, Sendable, Hashable {
    public var movie: MovieRef

    public init(movie: MovieRef) {
        self.movie = movie
    }
}
