import Imaging
import Foundation

/// How much each movie keeps one look: the mean style distance (``StyleFeatures``) between frames of the same movie,
/// between frames of different movies, and their ratio — lower when the learned style dominates a movie's palette and
/// texture while its places and people vary within it.
public struct StyleConsistency: Sendable, Hashable {
    /// Movies measured.
    public var movies: Int
    /// Frames sampled per movie (evenly spaced through the story).
    public var framesPerMovie: Int
    /// Mean distance between two frames of the same movie.
    public var withinMovie: Double
    /// Mean distance between two frames of different movies.
    public var acrossMovies: Double

    /// Within over across (0 when nothing differs across movies).
    public var ratio: Double { acrossMovies > 0 ? withinMovie / acrossMovies : 0 }

    /// Measures frame folders (PNG frames in story order), `sample` frames from each; at most `maxMovies` folders are
    /// used, evenly spread, so a big run is measured in seconds. Throws when a folder holds fewer than two frames.
    public static func measure(frameFolders: [URL], sample: Int = 8, maxMovies: Int = 64) throws -> StyleConsistency {
        let step = max(1, Double(frameFolders.count) / Double(maxMovies))
        let folders = stride(from: 0.0, to: Double(frameFolders.count), by: step).map { frameFolders[Int($0)] }
        let features: [[StyleFeatures]] = try folders.map { folder in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".png") }.sorted()
            guard names.count >= 2 else {
                throw ImageError("\(folder.path) holds fewer than two PNG frames")
            }
            let every = max(1, names.count / max(sample, 2))
            return try stride(from: 0, to: names.count, by: every).prefix(sample).map {
                StyleFeatures(image: try ImageDecoder.decode(path: folder.appendingPathComponent(names[$0]).path, maxSide: 128))
            }
        }
        return measure(features: features)
    }

    /// The figure from precomputed features, one list per movie.
    public static func measure(features: [[StyleFeatures]]) -> StyleConsistency {
        var within = (0.0, 0), across = (0.0, 0)
        for (i, a) in features.enumerated() {
            for x in a.indices { for y in a.indices where y > x { within.0 += StyleFeatures.distance(a[x], a[y]); within.1 += 1 } }
            for b in features[(i + 1)...] {
                for x in a { for y in b { across.0 += StyleFeatures.distance(x, y); across.1 += 1 } }
            }
        }
        return StyleConsistency(movies: features.count, framesPerMovie: features.map(\.count).max() ?? 0,
                                withinMovie: within.0 / Double(max(within.1, 1)), acrossMovies: across.0 / Double(max(across.1, 1)))
    }
}
