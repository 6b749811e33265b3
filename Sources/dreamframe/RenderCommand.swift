import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe render`: render a story's frames offline, in order.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render a story's keyframes with a style embedding, offline (frames in order).")

    @Option(name: .customLong("story"), help: "A story JSON file.") var story: String
    @Option(name: .customLong("style"), help: "A style embedding JSON (from 'dreamframe style learn --out' or a run's styles/ folder).") var style: String
    @Option(name: [.customLong("out"), .customShort("o")], help: "Output folder for 0001.png …") var out: String
    @Option(name: .customLong("size"), help: "WIDTHxHEIGHT.", transform: FrameSize.parse) var size = FrameSize.standard
    @Option(name: .customLong("seed"), help: "Seed; frame i uses seed + 20 + i as the paper does.") var seed: UInt64 = 0
    @OptionGroup var backends: BackendOptions

    func run() async throws {
        let frameSize = size
        let inputs = try RenderInputs(story: story, style: style)
        let document = inputs.document, embedding = inputs.embedding
        let model = try await asUsageError { try await Backends.offline(backends).imageModel() }
        let frames = document.frameEntries
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        let start = ContinuousClock.now
        for frame in frames {
            let png = try await model.render(RenderRequest(prompt: frame.description, hints: frame.hints, style: embedding,
                                                           seed: FrameSeed.seed(movieSeed: seed, frameIndex: frame.index),
                                                           width: frameSize.width, height: frameSize.height))
            try AtomicFile.write(png, to: directory.appendingPathComponent(OutputLayout.frameFileName(frame.index)))
        }
        let elapsed = ContinuousClock.now - start
        print("rendered \(frames.count) frames to \(directory.path) in \(elapsed)")
    }
}
