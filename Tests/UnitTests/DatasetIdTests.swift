import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models

/// Ids that survive merging: a `video_id` unique across runs, an id per sample, multi-turn conversations, and one
/// dataset written from several runs.
@Suite("Dataset ids, multi-turn export and merge")
struct DatasetIdTests {
    static func json(_ url: URL) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
    }

    @Test("two runs' first movies get different video ids, and every sample its own id")
    func idsAreUniqueAcrossRuns() async throws {
        let root = try TestPaths.temporaryDirectory("df-ids")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try await SampleRuns.write(runId: "run-a", movies: 2, seed: 1, under: root)
        let b = try await SampleRuns.write(runId: "run-b", movies: 2, seed: 1, under: root)
        #expect(a[0].videoId == b[0].videoId, "both runs start at movie-0001")
        #expect(a[0].datasetVideoId != b[0].datasetVideoId)
        #expect(a[0].datasetVideoId.hasPrefix("run-a.movie-0001.") && a[0].storyDigest == b[0].storyDigest,
                "the same story under another run id: same digest, other id")
        let layout = OutputLayout(root: root.path)
        for run in ["run-a", "run-b"] {
            let conversations = try Self.json(layout.datasetDirectory(run).appendingPathComponent("conversations.json"))
            let ids = conversations.compactMap { $0["id"] as? String }
            #expect(ids.count == conversations.count && Set(ids).count == ids.count, "one id per sample in \(run)")
            #expect(conversations.allSatisfy { ($0["id"] as? String)?.hasPrefix(($0["video_id"] as? String ?? "") + ".q") == true })
            let instruct = try Self.json(layout.datasetDirectory(run).appendingPathComponent("videoinstruct.json"))
            #expect(Set(instruct.compactMap { $0["video_id"] as? String }).allSatisfy { $0.hasPrefix("\(run).movie-") })
        }
    }

    @Test("--multi-turn writes one conversation per movie with every kept QA as alternating turns, and keeps it current")
    func multiTurnConversations() async throws {
        let root = try TestPaths.temporaryDirectory("df-multiturn")
        defer { try? FileManager.default.removeItem(at: root) }
        let records = try await SampleRuns.write(runId: "run-m", movies: 2, seed: 3, under: root)
        let layout = OutputLayout(root: root.path)
        let file = layout.datasetDirectory("run-m").appendingPathComponent("conversations_multiturn.json")
        #expect(!FileManager.default.fileExists(atPath: file.path), "only when asked for")
        try DatasetExporter(layout: layout, multiTurn: true).exportUntilStable(runId: "run-m", run: nil)
        let conversations = try Self.json(file)
        #expect(conversations.count == records.count)
        for (record, conversation) in zip(records, conversations) {
            let turns = conversation["conversations"] as? [[String: String]] ?? []
            #expect(turns.count == 2 * record.kept.count)
            #expect(turns.enumerated().allSatisfy { $0.element["from"] == ($0.offset % 2 == 0 ? "human" : "gpt") })
            #expect(turns.first?["value"]?.hasPrefix("<video>\n") == true && turns.dropFirst().allSatisfy { $0["value"]?.contains("<video>") == false })
            #expect(conversation["id"] as? String == "\(record.datasetVideoId).all")
        }
        // A plain export afterwards (the qa-validator's) keeps the file it finds.
        try DatasetExporter(layout: layout).export(runId: "run-m", run: nil, records: Array(records.prefix(1)))
        #expect(try Self.json(file).count == 1)
    }

    @Test("--merge writes one dataset from several runs: every id distinct, every video path resolving from the merged folder")
    func mergeRuns() async throws {
        let root = try TestPaths.temporaryDirectory("df-merge")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try await SampleRuns.write(runId: "run-a", movies: 2, seed: 1, under: root)
        let b = try await SampleRuns.write(runId: "run-b", movies: 3, seed: 7, under: root)
        let layout = OutputLayout(root: root.path)
        let merger = DatasetMerger(layout: layout, multiTurn: true)
        let folder = merger.defaultDirectory(for: ["run-a", "run-b"])
        let summary = try merger.merge(runIds: ["run-a", "run-b", "run-a"], into: folder)
        #expect(summary.movies == 5 && summary.duplicateMovies == 2, "a run given twice counts once")
        #expect(summary.qaKept == (a + b).reduce(0) { $0 + $1.kept.count })
        let conversations = try Self.json(folder.appendingPathComponent("conversations.json"))
        let ids = conversations.compactMap { $0["id"] as? String }
        #expect(ids.count == summary.qaKept && Set(ids).count == ids.count)
        #expect(Set(conversations.compactMap { $0["video_id"] as? String }).count == 5)
        for conversation in conversations {
            let video = folder.appendingPathComponent(conversation["video"] as? String ?? "/missing").standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: video.path), "\(conversation["video"] ?? "")")
        }
        #expect(try Self.json(folder.appendingPathComponent("conversations_multiturn.json")).count == 5)
        let card = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("## Runs merged") && card.contains("run\\-a") && card.contains("## Quality"))
        #expect(throws: StageError.self) { try merger.merge(runIds: ["run-a", "no-such-run"], into: folder) }
    }
}
