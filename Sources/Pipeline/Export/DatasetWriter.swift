import Models
import DreamFrameCore
import Foundation

/// Writes a dataset folder movie by movie: `videoinstruct.json`, `conversations.json`, `conversations_multiturn.json`
/// (when asked for, or when the folder has one already) and `rejects.json` are streamed as the records come, and the
/// card's and quality figures' counts are kept in a ``DatasetTally``. Memory holds one movie's record, not the run's:
/// the QA validator re-exports a thousand-movie run in tens of megabytes. Each file is put in place atomically, and
/// only when its bytes changed.
struct DatasetWriter {
    private var instruct: JSONArrayStream
    private var conversations: JSONArrayStream
    private var multiTurn: JSONArrayStream?
    private var rejects: JSONArrayStream
    /// The counts of the movies written.
    private(set) var tally = DatasetTally()
    /// Samples written to `videoinstruct.json` and to `rejects.json`.
    var qaKept: Int { instruct.count }
    var qaRejected: Int { rejects.count }

    /// Starts the dataset files in `folder`; `multiTurn` also writes the multi-turn conversations.
    init(folder: URL, multiTurn: Bool) throws {
        instruct = try JSONArrayStream(target: folder.appendingPathComponent(DatasetFiles.instruct))
        conversations = try JSONArrayStream(target: folder.appendingPathComponent(DatasetFiles.conversations))
        let multiTurnURL = folder.appendingPathComponent(DatasetFiles.multiTurn)
        if multiTurn || FileManager.default.fileExists(atPath: multiTurnURL.path) {
            self.multiTurn = try JSONArrayStream(target: multiTurnURL)
        }
        rejects = try JSONArrayStream(target: folder.appendingPathComponent(DatasetFiles.rejects))
    }

    /// Adds one movie: its record, and where its video is relative to the dataset folder.
    mutating func add(_ record: MovieRecord, video: String) throws {
        try add(DatasetPiece(record: record, runId: record.runId, video: video, gallery: nil))
    }

    /// Adds one movie's entries, encoded before.
    mutating func add(_ piece: DatasetPiece) throws {
        try instruct.append(piece.instruct)
        try conversations.append(piece.conversations)
        try multiTurn?.append(piece.multiTurn)
        try rejects.append(piece.rejects)
        tally.merge(piece.tally)
    }

    /// Adds one movie's entries, copied from the piece kept on disk.
    mutating func add(_ stored: StoredDatasetPiece) throws {
        try instruct.append(count: stored.elements(.instruct)) { try stored.copy(.instruct, into: $0) }
        try conversations.append(count: stored.elements(.conversations)) { try stored.copy(.conversations, into: $0) }
        try multiTurn?.append(count: stored.elements(.multiTurn)) { try stored.copy(.multiTurn, into: $0) }
        try rejects.append(count: stored.elements(.rejects)) { try stored.copy(.rejects, into: $0) }
        tally.merge(stored.header.tally)
    }

    /// Puts the files in place.
    func commit() throws {
        try instruct.commit()
        try conversations.commit()
        try multiTurn?.commit()
        try rejects.commit()
    }
}
