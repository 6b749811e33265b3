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
                                                    subcommands: [StyleConsistency.self])

    struct StyleConsistency: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "style-consistency",
                                                        abstract: "Mean style distance between frames of the same movie, across movies, and their ratio (JSON).")

        @Argument(help: "Movie folders (or their frames/ folders), two or more.") var directories: [String]
        @Option(name: .customLong("sample"), help: "Frames sampled per movie.") var sample = 8

        func validate() throws {
            guard directories.count >= 2 else { throw ValidationError("DIR: give at least two movie folders, got \(directories.count)") }
            guard sample >= 2 else { throw ValidationError("--sample: expected at least 2, got \(sample)") }
        }

        struct Report: Encodable {
            var movies: Int, frames_per_movie: Int
            var within_movie: Double, across_movies: Double, ratio: Double
        }

        func run() throws {
            let learner = BuiltInStyleLearner()
            let movies: [[RGBImage]] = try directories.map { directory in
                var url = URL(fileURLWithPath: directory, isDirectory: true)
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("frames").path) { url.appendPathComponent("frames") }
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                    throw ValidationError("DIR: '\(directory)' cannot be read")
                }
                let pngs = names.filter { $0.hasSuffix(".png") }.sorted()
                guard pngs.count >= 2 else { throw ValidationError("DIR: '\(directory)' holds fewer than two PNG frames") }
                let step = max(1, pngs.count / sample)
                return try stride(from: 0, to: pngs.count, by: step).prefix(sample).map {
                    try ImageDecoder.decode(path: url.appendingPathComponent(pngs[$0]).path, maxSide: 128)
                }
            }
            var within: [Double] = [], across: [Double] = []
            for (i, a) in movies.enumerated() {
                for x in 0..<a.count { for y in (x + 1)..<a.count { within.append(learner.styleDistance(a[x], a[y])) } }
                for b in movies[(i + 1)...] {
                    for x in a { for y in b { across.append(learner.styleDistance(x, y)) } }
                }
            }
            let w = within.reduce(0, +) / Double(max(within.count, 1)), c = across.reduce(0, +) / Double(max(across.count, 1))
            printJSON(Report(movies: movies.count, frames_per_movie: sample, within_movie: w, across_movies: c, ratio: c > 0 ? w / c : 0))
        }
    }
}
