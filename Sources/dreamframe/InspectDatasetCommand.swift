import ArgumentParser
import BuiltInModels
import Pipeline
import Models
import DreamFrameCore
import Foundation

/// `dreamframe inspect dataset RUN`: the quality figures of a run's dataset against the targets (a table, or JSON).
struct InspectDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Quality of a run's dataset: QA kept and rejected per movie and by reason, type and genre mix against the paper's, distinct dialogue and frames, answer lengths, style consistency.")

    @Argument(help: ArgumentHelp("A run id under --out, or a run folder (<out>/<run-id>).", valueName: "run")) var runName: String
    @Option(name: [.customLong("out"), .customShort("o")], help: "Output directory holding the run (env DREAMFRAME_OUT; default ./out).")
    var out: String?
    @Flag(name: .customLong("json"), help: "Print the figures as JSON.") var json = false
    @Flag(name: .customLong("no-style"), help: "Skip measuring style consistency (it decodes 8 frames per movie).") var noStyle = false

    func run() throws {
        let (layout, runId) = try RunLocation.resolve(runName, out: out)
        var records = try DatasetExporter(layout: layout).records(runId: runId)
        guard !records.isEmpty else { throw ValidationError("RUN: no validated movies in \(layout.runDirectory(runId).path)/videos") }
        // Records written before the distinct counts were kept: count them from the story.
        for i in records.indices where records[i].distinctFrames == nil || records[i].distinctDialogues == nil {
            let movie = MovieRef(runId: runId, movieId: records[i].videoId)
            if let story = try? StoryDocument.load(layout.story(movie)) {
                records[i].distinctFrames = Set(story.frameDescriptions).count
                records[i].distinctDialogues = Set(story.dialogue).count
            }
        }
        let dataset = layout.datasetDirectory(runId)
        var style: StyleConsistencyFigure?
        if !noStyle {
            style = try StyleConsistencyFigure.measure(runId: runId, layout: layout, records: records)
            if let style, FileManager.default.fileExists(atPath: dataset.path) { try style.save(inDataset: dataset) }
        }
        let quality = DatasetQuality(records: records, styleConsistency: style)
        if json {
            printJSON(Report(runId: runId, quality: quality))
        } else {
            print(QualityTable.text(runId: runId, quality: quality))
        }
    }

    struct Report: Encodable {
        var runId: String
        var quality: DatasetQuality
        enum CodingKeys: String, CodingKey { case runId = "run_id", quality }
    }
}

/// Where a run lives on disk, from a run id and an output root, or from the run's folder itself.
enum RunLocation {
    static func resolve(_ run: String, out: String?) throws -> (OutputLayout, String) {
        let folder = URL(fileURLWithPath: run, isDirectory: true).standardizedFileURL
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("videos").path) {
            return (OutputLayout(root: folder.deletingLastPathComponent().path), folder.lastPathComponent)
        }
        let root = out ?? ProcessInfo.processInfo.environment["DREAMFRAME_OUT"] ?? "out"
        let layout = OutputLayout(root: root)
        guard run == OutputLayout.sanitize(run), FileManager.default.fileExists(atPath: layout.runDirectory(run).path) else {
            throw ValidationError("RUN: '\(run)' is neither a run folder nor a run under \(layout.root.path)")
        }
        return (layout, run)
    }
}
