import Foundation
import Models

/// A run as recorded in Redis.
public struct RunRecord: Codable, Sendable, Hashable {
    public var runId: String
    public var movies: Int
    public var seed: UInt64
    public var branching: Branching
    public var themes: [String]
    public var width: Int
    public var height: Int
    public var styleImages: String?
    public var createdAt: Double
    /// How keyframes are seeded (nil, as in runs recorded before there was a choice: ``FrameSeed/movie``).
    public var frameSeeds: FrameSeed?

    public init(runId: String, movies: Int, seed: UInt64, branching: Branching, themes: [String], width: Int,
                height: Int, styleImages: String?, createdAt: Double, frameSeeds: FrameSeed? = nil) {
        self.runId = runId
        self.movies = movies
        self.seed = seed
        self.branching = branching
        self.themes = themes
        self.width = width
        self.height = height
        self.styleImages = styleImages
        self.createdAt = createdAt
        self.frameSeeds = frameSeeds
    }
}
