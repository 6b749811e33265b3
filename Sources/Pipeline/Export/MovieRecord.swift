import Models
import Clients
import DreamFrameCore
import Foundation

/// A validated movie's dataset record (`record.json`): its QA kept, and the rejected ones with reasons.
public struct MovieRecord: Codable, Sendable {
    /// The movie's id in its run (its folder under `videos/`).
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
    /// Distinct frame descriptions and distinct dialogue lines (nil in records written before they were counted).
    public var distinctFrames: Int?
    public var distinctDialogues: Int?
    /// Digest of the movie's story (16 hex digits; nil in older records): part of its ``datasetVideoId``.
    public var storyDigest: String?
    /// Each kept pair that had near-duplicates, with them (empty when none; nil in older records).
    public var nearDuplicateClusters: [NearDuplicateCluster]?

    enum CodingKeys: String, CodingKey {
        case videoId = "video_id", runId = "run_id", title, genre, style, frames, dialogues, seed, kept, rejected
        case distinctFrames = "distinct_frames", distinctDialogues = "distinct_dialogues", storyDigest = "story_digest"
        case nearDuplicateClusters = "near_duplicate_clusters"
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
        distinctFrames = Set(story.frameDescriptions).count
        distinctDialogues = Set(story.dialogue).count
        storyDigest = Self.digest(of: story)
        nearDuplicateClusters = NearDuplicateCluster.clusters(of: verdicts)
    }

    /// The digest of a story's content, whatever run and movie id it was written under (16 hex digits).
    static func digest(of story: StoryDocument) -> String? {
        var content = story
        content.runId = nil
        content.videoId = nil
        return (try? JSONCoding.compactEncoder().encode(content)).map(StableHash.hexDigest)
    }

    /// The movie's id in a dataset, unique across runs and machines: `<run>.<movie>.<digest>` — the run id (unique
    /// per run: time and 32 random bits unless given), the movie id, and 8 hex digits of the story's digest, so two
    /// runs given the same `--run-id` elsewhere still differ unless they wrote the very same story.
    public var datasetVideoId: String {
        let base = "\(runId).\(videoId)"
        return storyDigest.map { "\(base).\($0.prefix(8))" } ?? base
    }
}
