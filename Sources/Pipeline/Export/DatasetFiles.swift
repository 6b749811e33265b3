import DreamFrameCore
import Foundation

/// The files of a dataset folder and how they are written: atomically, and only when their content changed.
enum DatasetFiles {
    static let instruct = "videoinstruct.json"
    static let conversations = "conversations.json"
    static let multiTurn = "conversations_multiturn.json"
    static let rejects = "rejects.json"
    static let card = "README.md"
    /// The last style-consistency measurement of the dataset's movies (written by `dreamframe run`, `export` and
    /// `inspect dataset`; the card quotes it).
    static let styleConsistency = "style-consistency.json"

    /// Writes `content`'s files into `folder`; the multi-turn file when `multiTurn` or when it is there already (so a
    /// later export keeps it current).
    static func write(_ content: DatasetContent, to folder: URL, multiTurn: Bool) throws {
        try writeIfChanged(JSONCoding.pretty(content.instruct), to: folder.appendingPathComponent(instruct))
        try writeIfChanged(JSONCoding.pretty(content.conversations), to: folder.appendingPathComponent(conversations))
        let multiTurnURL = folder.appendingPathComponent(Self.multiTurn)
        if multiTurn || FileManager.default.fileExists(atPath: multiTurnURL.path) {
            try writeIfChanged(JSONCoding.pretty(content.multiTurn), to: multiTurnURL)
        }
        try writeIfChanged(JSONCoding.pretty(content.rejects), to: folder.appendingPathComponent(rejects))
    }

    /// Writes `data` to `url` atomically unless the file already holds exactly these bytes.
    static func writeIfChanged(_ data: Data, to url: URL) throws {
        if let existing = FileManager.default.contents(atPath: url.path), existing == data { return }
        try AtomicFile.write(data, to: url)
    }

    /// The style-consistency measurement stored in `folder`, if any.
    static func styleConsistency(in folder: URL) -> StyleConsistencyFigure? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(styleConsistency).path) else {
            return nil
        }
        return try? JSONDecoder().decode(StyleConsistencyFigure.self, from: data)
    }
}
