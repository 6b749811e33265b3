import Models
import Clients
import DreamFrameCore
import Foundation

/// A validated movie's dataset record (`record.json`): its QA kept, and the rejected ones with reasons.
public struct MovieRecord: Codable, Sendable {
    public var videoId: String
    public var runId: String
    public var title: String
    public var genre: String
    public var style: String
    public var frames: Int
    public var dialogues: Int
    public var seed: UInt64?
    public var kept: [QAVerdict]
    public var rejected: [QAVerdict]

    enum CodingKeys: String, CodingKey {
        case videoId = "video_id", runId = "run_id", title, genre, style, frames, dialogues, seed, kept, rejected
    }

    public init(movie: MovieRef, story: StoryDocument, verdicts: [QAVerdict]) {
        videoId = movie.movieId
        runId = movie.runId
        title = story.title ?? movie.movieId
        genre = story.genre ?? "unknown"
        style = story.style?.keyword ?? "unknown"
        frames = story.frameDescriptions.count
        dialogues = story.dialogue.count
        seed = story.seed
        kept = verdicts.filter(\.kept)
        rejected = verdicts.filter { !$0.kept }
    }
}
