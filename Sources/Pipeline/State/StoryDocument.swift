import Models
import Clients
import DreamFrameCore
import Foundation

/// A movie's `story.json`: the authors' keys (`character`, `img_diag`, `QA`, `overview`) plus ours.
///
/// Reads the authors' files as they are (our keys are optional) and writes both, so tools made for either load it.
public struct StoryDocument: Codable, Sendable {
    /// One QA entry in the authors' form plus its `type`.
    public struct QAEntry: Codable, Sendable, Hashable {
        public var question: String
        public var answer: String
        public var type: QAType?

        enum CodingKeys: String, CodingKey {
            case question = "Question", answer = "Answer", type
        }

        public init(question: String, answer: String, type: QAType?) {
            self.question = question
            self.answer = answer
            self.type = type
        }
    }

    /// A frame with the facts it was written from, for rendering.
    public struct FrameEntry: Codable, Sendable, Hashable {
        public var index: Int
        public var description: String
        public var hints: SceneHints?

        public init(index: Int, description: String, hints: SceneHints?) {
            self.index = index
            self.description = description
            self.hints = hints
        }
    }

    /// A substory with its tinystories, as expanded.
    public struct SubstoryEntry: Codable, Sendable, Hashable {
        public var index: Int
        public var scene: [String]
        public var content: String
        public var tinystories: [Tinystory]
    }

    // The authors' keys.
    public var character: [String: String]
    /// `[["frame", text] | ["dialogue", text]]` in story order.
    public var imgDiag: [[String]]
    public var qa: [QAEntry]
    public var overview: String

    // Ours.
    public var videoId: String?
    public var runId: String?
    public var title: String?
    public var genre: String?
    public var theme: String?
    public var style: StyleSpec?
    public var locations: [String]?
    public var characters: [StoryCharacter]?
    public var substories: [SubstoryEntry]?
    public var frames: [FrameEntry]?
    public var seed: UInt64?
    public var branching: Branching?

    enum CodingKeys: String, CodingKey {
        case character, imgDiag = "img_diag", qa = "QA", overview
        case videoId = "video_id", runId = "run_id", title, genre, theme, style, locations, characters, substories,
             frames, seed, branching
    }

    /// The frame descriptions in order (from `frames`, else from `img_diag`).
    public var frameDescriptions: [String] {
        if let frames { return frames.map(\.description) }
        return imgDiag.compactMap { $0.count == 2 && $0[0] == "frame" ? $0[1] : nil }
    }

    /// The frames in order with their 1-based index (from `frames`, else numbered from `img_diag`).
    public var frameEntries: [FrameEntry] {
        frames ?? frameDescriptions.enumerated().map { FrameEntry(index: $0.offset + 1, description: $0.element, hints: nil) }
    }

    /// The dialogue lines in order.
    public var dialogue: [String] {
        imgDiag.compactMap { $0.count == 2 && $0[0] == "dialogue" ? $0[1] : nil }
    }

    /// Reads a story file.
    public static func load(_ url: URL) throws -> StoryDocument {
        try decode(try Data(contentsOf: url), source: url.path)
    }

    /// Reads a story from its JSON bytes; `source` names them in the error.
    public static func decode(_ data: Data, source: String) throws -> StoryDocument {
        do {
            return try JSONDecoder().decode(StoryDocument.self, from: data)
        } catch {
            throw StageError.permanent("\(source) is not a story in the authors' format: \(Envelope.describe(error))")
        }
    }
}
