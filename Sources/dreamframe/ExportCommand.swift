import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe export`: (re)write a run's dataset from its validated movies, or merge several runs into one dataset.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's dataset files from its validated movies (idempotent), or one dataset from several runs (--merge).")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id (default: the newest run); with --merge, two or more run ids (or run folders).")
    var runIds: [String] = []

    @Flag(name: .customLong("merge"), help: "Write one dataset from the given runs' validated movies, offline, into --to.")
    var merge = false

    @Option(name: .customLong("to"), help: "With --merge: the dataset folder to write (default <out>/merged-<digest of the run ids>/dataset).")
    var to: String?

    @Flag(name: .customLong("multi-turn"), help: "Also write conversations_multiturn.json: each movie's QA as one multi-turn conversation (LLaVA-Video style); later exports keep it current.")
    var multiTurn = false

    func validate() throws {
        if merge {
            guard runIds.count >= 2 else { throw ValidationError("--merge: give two or more runs, got \(runIds.count)") }
        } else {
            guard runIds.count <= 1 else { throw ValidationError("RUN: give one run id (or --merge for several), got \(runIds.count)") }
            guard to == nil else { throw ValidationError("--to: only with --merge") }
        }
    }

    func run() async throws {
        if merge { return try await mergeRuns() }
        try await withServices(connection) { services in
            // The dataset is made from the records on disk; Redis only adds the run's configuration to the card.
            let layout = services.settings.layout
            let requested = runIds.first
            let onDisk = requested.flatMap { id in
                FileManager.default.fileExists(atPath: layout.runDirectory(id).appendingPathComponent("videos").path) ? id : nil
            }
            let runId: String
            if let onDisk { runId = onDisk } else { runId = try await resolveRunId(requested, state: services.state) }
            let run = try await services.state.run(runId)
            let exporter = DatasetExporter(layout: layout, multiTurn: multiTurn)
            try measureStyle(runId: runId, layout: layout, records: try exporter.records(runId: runId))
            let summary = try exporter.exportUntilStable(runId: runId, run: run)
            print("exported \(summary.movies) movies, \(summary.frames) frames, \(summary.qaKept) QA (\(summary.qaRejected) rejected) to \(summary.datasetDirectory)")
        }
    }

    /// `--merge`: offline, from the runs' folders under --out (or given as folders, all under one output root).
    private func mergeRuns() async throws {
        let settings = try await connection.resolve()
        var layout = settings.layout
        var ids: [String] = []
        for run in runIds {
            let (runLayout, id) = try RunLocation.resolve(run, out: layout.root.path)
            guard ids.isEmpty || runLayout.root == layout.root else {
                throw ValidationError("--merge: every run must be under one output folder; '\(run)' is under \(runLayout.root.path)")
            }
            layout = runLayout
            ids.append(id)
        }
        let merger = DatasetMerger(layout: layout, multiTurn: multiTurn)
        let folder = to.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? merger.defaultDirectory(for: ids)
        let summary = try asUsageError { try merger.merge(runIds: ids, into: folder) }
        print("merged \(summary.runs.count) runs: \(summary.movies) movies, \(summary.qaKept) QA (\(summary.qaRejected) rejected)"
              + (summary.duplicateMovies > 0 ? ", \(summary.duplicateMovies) movies already in left out" : "")
              + " to \(summary.datasetDirectory)")
    }
}

/// Measures the run's style consistency into its dataset folder, where the dataset card quotes it.
func measureStyle(runId: String, layout: OutputLayout, records: [MovieRecord]) throws {
    guard let figure = try StyleConsistencyFigure.measure(runId: runId, layout: layout, records: records) else { return }
    let dataset = layout.datasetDirectory(runId)
    try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
    try figure.save(inDataset: dataset)
}

/// The given run id after checking it exists, or the newest run.
func resolveRunId(_ runId: String?, state: any PipelineStore) async throws -> String {
    let runs = try await state.runIds()
    if let runId {
        guard runs.contains(runId) else { throw ValidationError("run '\(runId)' is unknown to Redis; known runs: \(runs.suffix(5).joined(separator: ", "))") }
        return runId
    }
    guard let newest = runs.last else { throw ValidationError("no runs yet: submit one with 'dreamframe submit' or 'dreamframe run'") }
    return newest
}
