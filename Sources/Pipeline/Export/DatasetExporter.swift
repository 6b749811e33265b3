import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes a run's dataset from its movies' `record.json` files: `videoinstruct.json`, `conversations.json` (and
/// `conversations_multiturn.json` when asked for), `rejects.json`, the dataset card `README.md`, and the run's
/// gallery `index.html`.
///
/// Incremental and idempotent: it reads whatever movies are finished, writes each file atomically and only when its
/// content changed, so a re-export changes nothing and two exporters never leave a torn file. Concurrent exporters
/// need no lock: ``exportUntilStable(runId:run:)`` re-reads the records after writing and exports again if they
/// changed, so whoever renames last has just confirmed its files include every finished movie.
public struct DatasetExporter: Sendable {
    public let layout: OutputLayout
    /// Also write each movie's QA as one multi-turn conversation (`conversations_multiturn.json`); once that file
    /// exists, every later export of the dataset keeps it current.
    public var multiTurn: Bool

    public init(layout: OutputLayout, multiTurn: Bool = false) {
        self.layout = layout
        self.multiTurn = multiTurn
    }

    /// What an export wrote.
    public struct Summary: Sendable, Codable {
        public var movies: Int
        public var frames: Int
        public var qaKept: Int
        public var qaRejected: Int
        public var datasetDirectory: String
    }

    /// The records of every validated movie of the run, in video-id order. Only records whose `video_id` is a valid
    /// id (``MessageLimits``) and names their own folder count: a `video_id` — and every path made from it — comes
    /// from an id the door checked, never from a file's say-so.
    public func records(runId: String) throws -> [MovieRecord] {
        let videos = layout.runDirectory(runId).appendingPathComponent("videos")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: videos.path)) ?? []
        return try ids.sorted().compactMap { id in
            guard FieldRules.id(id, maxBytes: MessageLimits().maxIdBytes) == nil else { return nil }
            let url = videos.appendingPathComponent(id).appendingPathComponent("record.json")
            guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
            let record = try JSONDecoder().decode(MovieRecord.self, from: data)
            return record.videoId == id ? record : nil
        }
    }

    /// Exports the run until the set of finished movies did not change while exporting.
    @discardableResult
    public func exportUntilStable(runId: String, run: RunRecord?) throws -> Summary {
        TemporaryFile.sweep(layout.datasetDirectory(runId))
        while true {
            let before = try records(runId: runId)
            let summary = try export(runId: runId, run: run, records: before)
            if try records(runId: runId).map(\.videoId) == before.map(\.videoId) { return summary }
        }
    }

    /// Exports the given records of the run once; `run` adds its configuration and seeds to the card.
    @discardableResult
    public func export(runId: String, run: RunRecord?, records: [MovieRecord]) throws -> Summary {
        let dataset = layout.datasetDirectory(runId)
        let content = DatasetContent(movies: records.map {
            DatasetContent.Movie(record: $0, video: videoPath(for: MovieRef(runId: runId, movieId: $0.videoId), from: dataset))
        })
        try DatasetFiles.write(content, to: dataset, multiTurn: multiTurn)
        let quality = DatasetQuality(records: records, styleConsistency: DatasetFiles.styleConsistency(in: dataset))
        let card = DatasetCard.markdown(runId: runId, run: run, records: records, quality: quality)
            + DatasetCard.rendering(RendererRecord.all(runId: runId, layout: layout))
        try DatasetFiles.writeIfChanged(Data(card.utf8), to: dataset.appendingPathComponent(DatasetFiles.card))
        _ = try GalleryWriter(layout: layout).write(runId: runId, records: records)
        return Summary(movies: records.count, frames: records.reduce(0) { $0 + $1.frames },
                       qaKept: content.instruct.count, qaRejected: content.rejects.count, datasetDirectory: dataset.path)
    }

    /// The movie's video relative to `folder` (a dataset folder): its mp4 when one was made, else its frames folder.
    func videoPath(for movie: MovieRef, from folder: URL) -> String {
        let mp4 = layout.movieDirectory(movie).appendingPathComponent("video.mp4")
        let target = FileManager.default.fileExists(atPath: mp4.path) ? mp4 : layout.framesDirectory(movie)
        return Self.relativePath(of: target, from: folder)
    }

    /// `target` as a path relative to the folder `base` (both absolute): `../videos/movie-0001/frames`.
    static func relativePath(of target: URL, from base: URL) -> String {
        let to = target.standardizedFileURL.pathComponents, from = base.standardizedFileURL.pathComponents
        var common = 0
        while common < min(to.count, from.count), to[common] == from[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
