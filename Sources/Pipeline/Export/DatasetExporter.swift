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
        /// Movies whose entries this export encoded from their records (the others' were copied as encoded before).
        public var moviesEncoded: Int
    }

    /// The records of every validated movie of the run, in video-id order. Only records whose `video_id` is a valid
    /// id (``MessageLimits``) and names their own folder count: a `video_id` — and every path made from it — comes
    /// from an id the door checked, never from a file's say-so.
    public func records(runId: String) throws -> [MovieRecord] {
        var records: [MovieRecord] = []
        try forEachRecord(runId: runId, ids: recordIds(runId: runId)) { records.append($0) }
        return records
    }

    /// The ids of the run's movies that have a `record.json`, in order (valid ids only).
    func recordIds(runId: String) -> [String] {
        let videos = layout.runDirectory(runId).appendingPathComponent("videos")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: videos.path)) ?? []
        return ids.sorted().filter { id in
            FieldRules.id(id, maxBytes: MessageLimits().maxIdBytes) == nil
                && FileManager.default.fileExists(atPath: videos.appendingPathComponent(id).appendingPathComponent("record.json").path)
        }
    }

    /// Reads the records of `ids` one at a time (a record that names another movie is left out).
    func forEachRecord(runId: String, ids: [String], _ body: (MovieRecord) throws -> Void) throws {
        let videos = layout.runDirectory(runId).appendingPathComponent("videos")
        let decoder = JSONDecoder()
        for id in ids {
            let url = videos.appendingPathComponent(id).appendingPathComponent("record.json")
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let record = try decoder.decode(MovieRecord.self, from: data)
            if record.videoId == id { try body(record) }
        }
    }

    /// Exports the run until the set of finished movies did not change while exporting. Each movie's entries come
    /// from its ``DatasetPiece``, encoded from its record the first time and copied by every later export.
    @discardableResult
    public func exportUntilStable(runId: String, run: RunRecord?) throws -> Summary {
        TemporaryFile.sweep(layout.datasetDirectory(runId))
        TemporaryFile.sweep(layout.runDirectory(runId))
        while true {
            let ids = recordIds(runId: runId)
            let summary = try export(runId: runId, run: run) { add in try forEachPiece(runId: runId, ids: ids, add) }
            if recordIds(runId: runId) == ids { return summary }
        }
    }

    /// Exports the given records of the run once; `run` adds its configuration and seeds to the card.
    @discardableResult
    public func export(runId: String, run: RunRecord?, records: [MovieRecord]) throws -> Summary {
        let dataset = layout.datasetDirectory(runId), gallery = GalleryWriter(layout: layout)
        return try export(runId: runId, run: run) { add in
            for record in records {
                let video = videoPath(for: MovieRef(runId: runId, movieId: record.videoId), from: dataset)
                try add(.encoded(DatasetPiece(record: record, runId: runId, video: video, gallery: gallery)))
            }
        }
    }

    /// A movie's piece as an export gets it: encoded just now, or kept on disk from an export before.
    enum Piece {
        case encoded(DatasetPiece)
        case stored(StoredDatasetPiece)
    }

    /// Exports the movies `eachPiece` hands over, one at a time: the dataset files, the card and the gallery are
    /// streamed, so memory holds at most one movie's piece whatever the size of the run.
    func export(runId: String, run: RunRecord?, eachPiece: ((Piece) throws -> Void) throws -> Void) throws -> Summary {
        let dataset = layout.datasetDirectory(runId)
        var files = try DatasetWriter(folder: dataset, multiTurn: multiTurn)
        var gallery = try GalleryWriter.Stream(writer: GalleryWriter(layout: layout), runId: runId)
        var encoded = 0
        try eachPiece { piece in
            switch piece {
            case .encoded(let piece):
                try files.add(piece)
                try gallery.add(section: piece.gallery)
                encoded += 1
            case .stored(let stored):
                try files.add(stored)
                try gallery.add { try stored.copy(.gallery, into: $0) }
            }
        }
        try files.commit()
        let tally = files.tally
        let quality = DatasetQuality(tally: tally, styleConsistency: DatasetFiles.styleConsistency(in: dataset))
        let card = DatasetCard.markdown(runId: runId, run: run, tally: tally, quality: quality)
            + DatasetCard.rendering(RendererRecord.all(runId: runId, layout: layout))
        try DatasetFiles.writeIfChanged(Data(card.utf8), to: dataset.appendingPathComponent(DatasetFiles.card))
        _ = try gallery.commit()
        return Summary(movies: tally.movies.count, frames: tally.frames, qaKept: files.qaKept,
                       qaRejected: files.qaRejected, datasetDirectory: dataset.path, moviesEncoded: encoded)
    }

    /// Hands over the piece of each movie of `ids` that has a record naming it: the kept piece when it was made for
    /// the record, story and video on disk now; otherwise one encoded from the record and kept for the next export (a
    /// piece that cannot be kept is only a cost: the export goes on).
    func forEachPiece(runId: String, ids: [String], _ body: (Piece) throws -> Void) throws {
        let dataset = layout.datasetDirectory(runId), gallery = GalleryWriter(layout: layout)
        let decoder = JSONDecoder(), encoder = JSONCoding.prettyEncoder()
        for id in ids {
            let movie = MovieRef(runId: runId, movieId: id)
            let video = videoPath(for: movie, from: dataset)
            guard let key = DatasetPiece.key(for: movie, layout: layout, video: video, stripLength: gallery.stripLength)
            else { continue }
            let file = layout.datasetPiece(movie)
            if let stored = StoredDatasetPiece(url: file, key: key) {
                try body(.stored(stored))
                continue
            }
            guard let data = FileManager.default.contents(atPath: layout.record(movie).path) else { continue }
            let record = try decoder.decode(MovieRecord.self, from: data)
            guard record.videoId == id else { continue }
            let piece = try DatasetPiece(record: record, runId: runId, video: video, gallery: gallery, encoder: encoder)
            try? AtomicFile.write(piece.encoded(key: key), to: file)
            try body(.encoded(piece))
        }
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
