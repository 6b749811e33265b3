import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models
import DreamFrameCore

/// The dataset as trainers read it: two runs merged with `dreamframe export --merge`, loaded with Hugging Face
/// `datasets` (`load_dataset("json", …)`, from PyPI, in the venv ops/datasets-install.sh makes), every id distinct;
/// and `dreamframe inspect dataset` on a run. No broker or Redis: both commands work from the files.
@Suite("Datasets loaded with Hugging Face datasets")
struct DatasetLoadingTests {
    /// The venv's python (ops/datasets-install.sh; `DF_DATASETS_PYTHON_BIN` from ops/env.sh).
    static let python = ProcessInfo.processInfo.environment["DF_DATASETS_PYTHON_BIN"]
        ?? "/var/cache/dreamframe/hf-datasets-4.4.1/venv/bin/python"

    @Test("a dataset merged from two runs loads with load_dataset(\"json\"), one distinct id per sample and per movie")
    func mergedDatasetLoads() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python),
                     "Hugging Face datasets is installed (ops/datasets-install.sh, run by make test): \(Self.python)")
        let root = try TestPaths.temporaryDirectory("df-hf")
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try await SampleRuns.write(runId: "run-hf-a", movies: 2, seed: 11, under: root)
        let b = try await SampleRuns.write(runId: "run-hf-b", movies: 2, seed: 11, under: root)
        let merged = root.appendingPathComponent("merged/dataset")
        let merge = try await CLI.run(["export", "--merge", "run-hf-a", "run-hf-b", "--out", root.path, "--to", merged.path, "--multi-turn"])
        #expect(merge.status == 0, "\(merge.output)")
        #expect(merge.output.contains("merged 2 runs: 4 movies"), "\(merge.output)")

        let report = root.appendingPathComponent("report.json")
        let (status, output) = try await ChildProcess.capture(Self.python, [
            TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/load_dataset_check.py").path, merged.path, report.path,
        ], environment: ProcessInfo.processInfo.environment.merging([
            "HF_HOME": root.appendingPathComponent("hf").path, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
        ]) { _, new in new })
        try #require(status == 0, "load_dataset failed: \(output.suffix(2000))")
        let files = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: [String: Any]])
        let kept = (a + b).reduce(0) { $0 + $1.kept.count }
        let instruct = try #require(files["videoinstruct.json"])
        #expect(instruct["rows"] as? Int == kept)
        #expect(Set(instruct["video_ids"] as? [String] ?? []).count == 4, "the two runs' movie-0001 and movie-0002 stay apart")
        let single = try #require(files["conversations.json"])
        let ids = single["ids"] as? [String] ?? []
        #expect(single["rows"] as? Int == kept && ids.count == kept && Set(ids).count == kept, "one id per sample")
        #expect(single["columns"] as? [String] == ["conversations", "id", "video", "video_id"])
        let multi = try #require(files["conversations_multiturn.json"])
        #expect(multi["rows"] as? Int == 4 && Set(multi["ids"] as? [String] ?? []).count == 4)
        #expect((multi["turns"] as? [Int] ?? []).reduce(0, +) == 2 * kept)
        #expect(files["rejects.json"] != nil || (a + b).allSatisfy { $0.rejected.isEmpty })
    }

    @Test("inspect dataset prints the targets as a table and the figures as JSON")
    func inspectDataset() async throws {
        let root = try TestPaths.temporaryDirectory("df-inspect")
        defer { try? FileManager.default.removeItem(at: root) }
        let records = try await SampleRuns.write(runId: "run-inspect", movies: 3, seed: 21, under: root)
        let run = root.appendingPathComponent("run-inspect").path
        let table = try await CLI.run(["inspect", "dataset", run, "--no-style"])
        #expect(table.status == 0, "\(table.output)")
        for line in ["dataset run-inspect: 3 movies", "QA rejected per movie", "distinct dialogue lines per movie", "QA type (kept)"] {
            #expect(table.output.contains(line), "\(line) in \(table.output)")
        }
        let json = try await CLI.run(["inspect", "dataset", "run-inspect", "--out", root.path, "--json", "--no-style"])
        #expect(json.status == 0, "\(json.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let quality = try #require(report["quality"] as? [String: Any])
        #expect(quality["kept"] as? Int == records.reduce(0) { $0 + $1.kept.count })
        #expect((quality["movies"] as? [Any])?.count == 3 && (quality["checks"] as? [Any])?.count == 8)
        let missing = try await CLI.run(["inspect", "dataset", "no-such-run", "--out", root.path])
        #expect(missing.status != 0 && missing.output.contains("no-such-run"))
    }
}
