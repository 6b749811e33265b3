import Models
import DreamFrameCore
import Foundation

/// The dataset's JSON files made from movie records: every kept QA pair as a `videoinstruct.json` entry and as a
/// one-turn conversation with its own id, each movie's kept QA as one multi-turn conversation, and the rejects.
struct DatasetContent {
    /// A movie's record and where its video is, relative to the dataset folder.
    struct Movie {
        var record: MovieRecord
        var video: String
    }

    var instruct: [[String: String]] = []
    var conversations: [ConversationRecord] = []
    var multiTurn: [ConversationRecord] = []
    var rejects: [[String: AnyCodable]] = []

    init(movies: [Movie]) {
        for movie in movies {
            let record = movie.record, videoId = record.datasetVideoId
            var turns: [ConversationRecord.Turn] = []
            for qa in record.kept {
                instruct.append(["video_id": videoId, "q": qa.question, "a": qa.answer])
                conversations.append(ConversationRecord(id: Self.sampleId(videoId: videoId, index: qa.index),
                                                        videoId: videoId, video: movie.video, conversations: [
                    .init(from: "human", value: "<video>\n\(qa.question)"), .init(from: "gpt", value: qa.answer),
                ]))
                turns += [.init(from: "human", value: (turns.isEmpty ? "<video>\n" : "") + qa.question),
                          .init(from: "gpt", value: qa.answer)]
            }
            if !turns.isEmpty {
                multiTurn.append(ConversationRecord(id: "\(videoId).all", videoId: videoId, video: movie.video,
                                                    conversations: turns))
            }
            for qa in record.rejected {
                rejects.append(["video_id": .string(videoId), "id": .string(Self.sampleId(videoId: videoId, index: qa.index)),
                                "question": .string(qa.question), "answer": .string(qa.answer),
                                "type": .string(qa.type?.rawValue ?? "none"),
                                "reasons": .strings(qa.reasons.map(\.rawValue)), "support": .number(qa.support)])
            }
        }
    }

    /// A QA sample's id: the movie's dataset id and the pair's place in the story's QA list (`….q007`).
    static func sampleId(videoId: String, index: Int) -> String {
        "\(videoId).q\(String(format: "%03d", index))"
    }
}
