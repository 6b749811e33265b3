import Pipeline
import Stages
import ArgumentParser
import DreamFrameCLI

/// Stage 4: renders keyframes with the movie's style embedding. Run as many as you like, on any machine that shares
/// the broker, Redis and the output directory.
@main
struct FrameRendererCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame-renderer",
        abstract: "Stage 4: render one keyframe per message with the movie's learned style; the last frame triggers validation.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        try await StageMain.run(stage: .frameRenderer, options: options, defaultConcurrency: 4) { environment in
            return FrameRendererHandler(model: try environment.backends.imageModel(), state: environment.state)
        }
    }
}
