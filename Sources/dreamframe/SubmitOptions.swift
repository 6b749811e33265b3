import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// What a batch is made of.
struct SubmitOptions: ParsableArguments {
    @Option(name: [.customLong("movies"), .customShort("n")], help: "Number of movies.")
    var movies: Int = 4

    @Option(name: .customLong("seed"), help: "Seed of the batch; each movie derives its own.")
    var seed: UInt64 = 1

    @Option(name: .customLong("theme"), parsing: .singleValue, help: "A theme phrase (repeat for more; movies cycle through them). Default: the built-in set.")
    var themes: [String] = []

    @Option(name: .customLong("branching"), help: "substories,tinystories,keyframes per level, e.g. 11,11,11 (the paper's).",
            transform: Branching.parse)
    var branching = Branching.small

    @Option(name: .customLong("size"), help: "Frame size WIDTHxHEIGHT.", transform: FrameSize.parse)
    var size = FrameSize.standard

    @Option(name: .customLong("style-images"), help: "A folder of style reference images (PNG/JPEG) for every movie; default: learned from rendered references.")
    var styleImages: String?

    @Option(name: .customLong("frame-seeds"), help: "movie (each movie's own: its seed + 20 + frame index) or paper (20 + frame index in every movie, the paper's).")
    var frameSeeds: FrameSeed = .movie

    @Option(name: .customLong("run-id"), help: "Use this run id instead of a new one (resubmitting the same id is harmless).")
    var runId: String?

    func validate() throws {
        guard (1...100_000).contains(movies) else { throw ValidationError("--movies: expected 1...100000, got \(movies)") }
        if let styleImages, !FileManager.default.fileExists(atPath: styleImages) {
            throw ValidationError("--style-images: folder '\(styleImages)' does not exist")
        }
        if let runId, runId != OutputLayout.sanitize(runId) {
            throw ValidationError("--run-id: use letters, digits, '.', '_' and '-' only, got '\(runId)'")
        }
    }

    func record() -> RunRecord {
        let images = styleImages.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return RunRecord(runId: runId ?? RunSubmitter.newRunId(), movies: movies, seed: seed,
                         branching: branching, themes: themes, width: size.width, height: size.height,
                         styleImages: images, createdAt: Date().timeIntervalSince1970,
                         frameSeeds: frameSeeds == .movie ? nil : frameSeeds)
    }
}

extension FrameSeed: ExpressibleByArgument {}
