import Foundation

/// One record of the conversation (LLaVA / Video-ChatGPT) form: one QA pair (`conversations.json`) or all of a
/// movie's QA as one multi-turn conversation (`conversations_multiturn.json`, LLaVA-Video style).
public struct ConversationRecord: Codable, Sendable {
    /// One turn: `human` asks, `gpt` answers.
    public struct Turn: Codable, Sendable {
        /// `human` or `gpt`.
        public var from: String
        /// The question (the first one led by `<video>\n`) or the answer.
        public var value: String
    }

    /// The sample's own id, unique in the dataset and across merged datasets.
    public var id: String
    /// The movie's dataset id (``MovieRecord/datasetVideoId``), shared by its samples.
    public var videoId: String
    /// The movie's frames (or mp4), relative to the dataset folder.
    public var video: String
    /// The turns, human first.
    public var conversations: [Turn]

    enum CodingKeys: String, CodingKey {
        case id, videoId = "video_id", video, conversations
    }
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
