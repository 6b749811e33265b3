import ArgumentParser
import DreamFrameCLI
import Pipeline
import Models
import Foundation

/// `dreamframe bench render`: the built-in renderer's frames per second and per CPU second (drawing and PNG
/// encoding, in memory: no file is written), over a story's keyframes in order.
struct BenchRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Frames per second of the built-in renderer (drawing + PNG), one thread.")

    @Option(name: .customLong("story"), help: "A story JSON file (dreamframe story).") var story: String
    @Option(name: .customLong("style"), help: "A style embedding JSON (dreamframe style learn --out).") var style: String
    @Option(name: .customLong("size"), help: "WIDTHxHEIGHT.", transform: FrameSize.parse) var size = FrameSize.standard
    @Option(name: .customLong("frames"), help: "Frames to render (the story's keyframes, cycled); 0: each once.") var frames = 0
    @Option(name: .customLong("json"), help: "Append the figures as one JSON line to this file.") var json: String?
    @OptionGroup var backends: BackendOptions

    func run() async throws {
        let inputs = try RenderInputs(story: story, style: style)
        let document = inputs.document, embedding = inputs.embedding
        let model = try await asUsageError { try await Backends.offline(backends).imageModel() }
        let entries = document.frameEntries
        guard !entries.isEmpty else { throw ValidationError("--story: the story has no keyframes") }
        let count = frames > 0 ? frames : entries.count
        let cpu = ProcessCPU.now(), start = ContinuousClock.now
        var bytes = 0
        for i in 0..<count {
            let frame = entries[i % entries.count]
            let png = try await model.render(RenderRequest(prompt: frame.description, hints: frame.hints, style: embedding,
                                                           seed: FrameSeed.seed(movieSeed: 3, frameIndex: frame.index),
                                                           width: size.width, height: size.height))
            bytes += png.count
        }
        let wall = (ContinuousClock.now - start).seconds, cpuSeconds = ProcessCPU.now() - cpu
        let figures: [String: Any] = [
            "bench": "render", "frames": count, "width": size.width, "height": size.height, "wall_s": wall,
            "frames_per_s": Double(count) / wall, "frames_per_cpu_s": Double(count) / cpuSeconds,
            "cpu_ms_per_frame": 1000 * cpuSeconds / Double(count), "png_bytes_per_frame": bytes / count,
        ]
        print(String(format: "render: %d frames at %dx%d in %.2f s = %.1f frames/s; %.1f frames per CPU second (%.2f ms CPU a frame), %d PNG bytes a frame",
                     count, size.width, size.height, wall, Double(count) / wall, Double(count) / cpuSeconds,
                     1000 * cpuSeconds / Double(count), bytes / count))
        try BenchFigures.append(figures, to: json)
    }
}
