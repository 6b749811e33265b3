import DreamFrameCore
import Foundation

/// The files of a dataset folder (``DatasetWriter`` streams the JSON ones), and how the small ones are written:
/// atomically, and only when their content changed.
enum DatasetFiles {
    static let instruct = "videoinstruct.json"
    static let conversations = "conversations.json"
    static let multiTurn = "conversations_multiturn.json"
    static let rejects = "rejects.json"
    static let card = "README.md"
    /// The last style-consistency measurement of the dataset's movies (written by `dreamframe run`, `export` and
    /// `inspect dataset`; the card quotes it).
    static let styleConsistency = "style-consistency.json"

    /// Writes `data` to `url` atomically unless the file already holds exactly these bytes (``StagedFile``, as the
    /// streamed files are written).
    static func writeIfChanged(_ data: Data, to url: URL) throws {
        let file = try StagedFile(target: url)
        try file.append(data)
        try file.commit()
    }

    /// The style-consistency measurement stored in `folder`, if any.
    static func styleConsistency(in folder: URL) -> StyleConsistencyFigure? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(styleConsistency).path) else {
            return nil
        }
        return try? JSONDecoder().decode(StyleConsistencyFigure.self, from: data)
    }
}
