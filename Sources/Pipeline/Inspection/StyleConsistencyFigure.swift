import DreamFrameCore
import Foundation

/// A measurement of how much a dataset's movies share one look each: the mean style distance between frames of the
/// same movie, between frames of different movies, and their ratio (lower: the style dominates more).
public struct StyleConsistencyFigure: Codable, Sendable, Hashable {
    /// Movies measured.
    public var movies: Int
    /// Frames sampled per movie.
    public var framesPerMovie: Int
    /// Mean distance between two frames of the same movie.
    public var withinMovie: Double
    /// Mean distance between two frames of different movies.
    public var acrossMovies: Double

    enum CodingKeys: String, CodingKey {
        case movies, framesPerMovie = "frames_per_movie", withinMovie = "within_movie", acrossMovies = "across_movies"
        case ratio
    }

    /// Within-movie over across-movie distance (0 when nothing differs across movies).
    public var ratio: Double { acrossMovies > 0 ? withinMovie / acrossMovies : 0 }

    /// Creates a figure.
    public init(movies: Int, framesPerMovie: Int, withinMovie: Double, acrossMovies: Double) {
        self.movies = movies
        self.framesPerMovie = framesPerMovie
        self.withinMovie = withinMovie
        self.acrossMovies = acrossMovies
    }

    /// Decodes a stored figure (its `ratio` is derived, not read).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(movies: try c.decode(Int.self, forKey: .movies), framesPerMovie: try c.decode(Int.self, forKey: .framesPerMovie),
                  withinMovie: try c.decode(Double.self, forKey: .withinMovie),
                  acrossMovies: try c.decode(Double.self, forKey: .acrossMovies))
    }

    /// Encodes the figure with its ratio.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(movies, forKey: .movies)
        try c.encode(framesPerMovie, forKey: .framesPerMovie)
        try c.encode(withinMovie, forKey: .withinMovie)
        try c.encode(acrossMovies, forKey: .acrossMovies)
        try c.encode(ratio, forKey: .ratio)
    }

    /// Stores the figure in a dataset folder, where the dataset card finds it.
    public func save(inDataset folder: URL) throws {
        try AtomicFile.write(try JSONCoding.pretty(self),
                             to: folder.appendingPathComponent(DatasetFiles.styleConsistency))
    }
}
