import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes a run's dataset from its movies' `record.json` files: `videoinstruct.json`, `conversations.json`,
/// `rejects.json`, the dataset card `README.md`, and the run's gallery `index.html`.
///
/// Incremental and idempotent: it reads whatever movies are finished, writes each file atomically and only when its
/// content changed, so a re-export changes nothing and two exporters never leave a torn file. Concurrent exporters
/// need no lock: ``exportUntilStable(runId:run:)`` re-reads the records after writing and exports again if they
/// changed, so whoever renames last has just confirmed its files include every finished movie.
public struct DatasetExporter: Sendable {
    public let layout: OutputLayout

    public init(layout: OutputLayout) {
        self.layout = layout
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
        var instruct: [[String: String]] = []
        var conversations: [ConversationRecord] = []
        var rejects: [[String: AnyCodable]] = []
        for record in records {
            let video = videoPath(for: record.videoId, runId: runId)
            for qa in record.kept {
                instruct.append(["video_id": record.videoId, "q": qa.question, "a": qa.answer])
                conversations.append(ConversationRecord(id: record.videoId, video: video, conversations: [
                    .init(from: "human", value: "<video>\n\(qa.question)"), .init(from: "gpt", value: qa.answer),
                ]))
            }
            for qa in record.rejected {
                rejects.append(["video_id": .string(record.videoId), "question": .string(qa.question),
                                "answer": .string(qa.answer), "type": .string(qa.type?.rawValue ?? "none"),
                                "reasons": .strings(qa.reasons.map(\.rawValue)), "support": .number(qa.support)])
            }
        }
        try writeIfChanged(encode(instruct), to: dataset.appendingPathComponent("videoinstruct.json"))
        try writeIfChanged(encode(conversations), to: dataset.appendingPathComponent("conversations.json"))
        try writeIfChanged(encode(rejects), to: dataset.appendingPathComponent("rejects.json"))
        let card = DatasetCard.markdown(runId: runId, run: run, records: records)
            + DatasetCard.rendering(RendererRecord.all(runId: runId, layout: layout))
        try writeIfChanged(Data(card.utf8),
                           to: dataset.appendingPathComponent("README.md"))
        _ = try GalleryWriter(layout: layout).write(runId: runId, records: records)
        return Summary(movies: records.count, frames: records.reduce(0) { $0 + $1.frames },
                       qaKept: instruct.count, qaRejected: rejects.count, datasetDirectory: dataset.path)
    }

    /// The movie's video relative to the dataset folder: its mp4 when one was made, else its frames folder.
    func videoPath(for videoId: String, runId: String) -> String {
        let movie = MovieRef(runId: runId, movieId: videoId)
        let mp4 = layout.movieDirectory(movie).appendingPathComponent("video.mp4")
        let name = OutputLayout.sanitize(videoId)
        return FileManager.default.fileExists(atPath: mp4.path) ? "../videos/\(name)/video.mp4" : "../videos/\(name)/frames"
    }

    private func encode<T: Encodable>(_ value: T) throws -> Data {
        try JSONCoding.pretty(value)
    }

    private func writeIfChanged(_ data: Data, to url: URL) throws {
        if let existing = FileManager.default.contents(atPath: url.path), existing == data { return }
        try AtomicFile.write(data, to: url)
    }
}

/// One record of the conversation (LLaVA / Video-ChatGPT) form.
public struct ConversationRecord: Codable, Sendable {
    public struct Turn: Codable, Sendable {
        public var from: String
        public var value: String
    }

    public var id: String
    public var video: String
    public var conversations: [Turn]
}

/// A small JSON value for heterogeneous records.
public enum AnyCodable: Codable, Sendable {
    case string(String), number(Double), strings([String])

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        case .strings(let a): try c.encode(a)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .string(s) } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else { self = .strings(try c.decode([String].self)) }
    }
}
