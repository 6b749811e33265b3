import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe export`: (re)write a run's dataset from its validated movies.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a run's dataset files from its validated movies (idempotent).")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id (default: the newest run).")
    var runId: String?

    func run() async throws {
        try await withServices(connection) { services in
            // The dataset is made from the records on disk; Redis only adds the run's configuration to the card.
            let layout = services.settings.layout
            let onDisk = runId.flatMap { id in
                FileManager.default.fileExists(atPath: layout.runDirectory(id).appendingPathComponent("videos").path) ? id : nil
            }
            let runId: String
            if let onDisk { runId = onDisk } else { runId = try await resolveRunId(self.runId, state: services.state) }
            let run = try await services.state.run(runId)
            let summary = try DatasetExporter(layout: services.settings.layout).exportUntilStable(runId: runId, run: run)
            print("exported \(summary.movies) movies, \(summary.frames) frames, \(summary.qaKept) QA (\(summary.qaRejected) rejected) to \(summary.datasetDirectory)")
        }
    }
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
