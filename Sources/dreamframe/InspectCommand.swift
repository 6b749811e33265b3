import ArgumentParser
import DreamFrameCLI
import BuiltInModels
import Imaging
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe inspect`: measurements over rendered output.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Measure rendered output.",
                                                    subcommands: [StyleConsistencyCommand.self, InspectDatasetCommand.self])

    struct StyleConsistencyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "style-consistency",
                                                        abstract: "Mean style distance between frames of the same movie, across movies, and their ratio (JSON).")

        @Argument(help: "Movie folders (or their frames/ folders), two or more.") var directories: [String]
        @Option(name: .customLong("sample"), help: "Frames sampled per movie.") var sample = 8

        func validate() throws {
            guard directories.count >= 2 else { throw ValidationError("DIR: give at least two movie folders, got \(directories.count)") }
            guard sample >= 2 else { throw ValidationError("--sample: expected at least 2, got \(sample)") }
        }

        func run() throws {
            let folders = try directories.map { directory -> URL in
                var url = URL(fileURLWithPath: directory, isDirectory: true)
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("frames").path) { url.appendPathComponent("frames") }
                guard FileManager.default.fileExists(atPath: url.path) else { throw ValidationError("DIR: '\(directory)' cannot be read") }
                return url
            }
            let figure: StyleConsistency
            do { figure = try StyleConsistency.measure(frameFolders: folders, sample: sample, maxMovies: folders.count) } catch {
                throw ValidationError("DIR: \(error)")
            }
            printJSON(StyleConsistencyFigure(figure))
        }
    }
}

extension StyleConsistencyFigure {
    /// The stored form of a measurement.
    init(_ measured: StyleConsistency) {
        self.init(movies: measured.movies, framesPerMovie: measured.framesPerMovie, withinMovie: measured.withinMovie,
                  acrossMovies: measured.acrossMovies)
    }

    /// Measures the style consistency of a run's validated movies (at most 64 of them, 8 frames each).
    static func measure(runId: String, layout: OutputLayout, records: [MovieRecord]) throws -> StyleConsistencyFigure? {
        let folders = records.map { layout.framesDirectory(MovieRef(runId: runId, movieId: $0.videoId)) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        guard folders.count >= 2 else { return nil }
        return StyleConsistencyFigure(try StyleConsistency.measure(frameFolders: folders))
    }
}
