import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes one dataset from several runs' validated movies (`dreamframe export --merge RUN…`): the same files as a
/// run's dataset, every video path relative to the merged folder, and a card over all of them. Offline: it reads
/// the runs' `record.json` files under one output root. A movie whose dataset id is already in (the same run given
/// twice, or a copy of a run under another name) is left out once and counted.
public struct DatasetMerger: Sendable {
    /// Where the runs are (their output root).
    public let layout: OutputLayout
    /// Also write each movie's QA as one multi-turn conversation.
    public var multiTurn: Bool

    /// A merger over the runs under `layout`; `multiTurn` also writes each movie's QA as one conversation.
    public init(layout: OutputLayout, multiTurn: Bool = false) {
        self.layout = layout
        self.multiTurn = multiTurn
    }

    /// What a merge wrote.
    public struct Summary: Sendable, Codable {
        /// The runs merged, in order.
        public var runs: [String]
        /// Movies in the merged dataset.
        public var movies: Int
        /// QA pairs in it.
        public var qaKept: Int
        /// Rejected QA pairs listed in its `rejects.json`.
        public var qaRejected: Int
        /// Movies left out because a movie with the same dataset id was already in.
        public var duplicateMovies: Int
        /// The folder written.
        public var datasetDirectory: String
    }

    /// The default folder for a merge of `runIds`: `<out>/merged-<digest of the run ids>/dataset`.
    public func defaultDirectory(for runIds: [String]) -> URL {
        let digest = StableHash.hex(StableHash.fnv1a(runIds.joined(separator: "\n"))).prefix(8)
        return layout.root.appendingPathComponent("merged-\(digest)", isDirectory: true)
            .appendingPathComponent("dataset", isDirectory: true)
    }

    /// Merges the runs' datasets into `folder`; a run without validated movies is an error.
    @discardableResult
    public func merge(runIds: [String], into folder: URL) throws -> Summary {
        let exporter = DatasetExporter(layout: layout)
        let runIds = try runIds.map { runId in
            let ids = exporter.recordIds(runId: runId)
            guard !ids.isEmpty else {
                throw StageError.permanent("run '\(runId)' has no validated movies under \(layout.runDirectory(runId).path)")
            }
            return (runId, ids)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        TemporaryFile.sweep(folder)
        var files = try DatasetWriter(folder: folder, multiTurn: multiTurn)
        var seen = Set<String>(), duplicates = 0
        for (runId, ids) in runIds {
            try exporter.forEachRecord(runId: runId, ids: ids) { record in
                guard seen.insert(record.datasetVideoId).inserted else { duplicates += 1; return }
                try files.add(record, video: exporter.videoPath(for: MovieRef(runId: runId, movieId: record.videoId), from: folder))
            }
        }
        try files.commit()
        let quality = DatasetQuality(tally: files.tally, styleConsistency: DatasetFiles.styleConsistency(in: folder))
        let card = DatasetCard.markdown(title: "merged from \(runIds.count) runs", sources: runIds.map(\.0),
                                        tally: files.tally, quality: quality)
        try DatasetFiles.writeIfChanged(Data(card.utf8), to: folder.appendingPathComponent(DatasetFiles.card))
        return Summary(runs: runIds.map(\.0), movies: files.tally.movies.count, qaKept: files.qaKept,
                       qaRejected: files.qaRejected, duplicateMovies: duplicates, datasetDirectory: folder.path)
    }
}
