import Pipeline
import Stages
import ArgumentParser
import DreamFrameCLI

/// Stage 1: writes each movie's prior and substories (level 1) and releases one expansion message per substory.
@main
struct PlotWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot-writer",
        abstract: "Stage 1: write each movie's plot (level 1) and fan out its substories to the story expander.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        try await StageMain.run(stage: .plotWriter, options: options, defaultConcurrency: 16) { environment in
            return PlotWriterHandler(model: try environment.backends.storyModel())
        }
    }
}
