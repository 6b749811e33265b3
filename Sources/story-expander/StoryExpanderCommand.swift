import Pipeline
import Stages
import ArgumentParser
import DreamFrameCLI

/// Stage 2: expands substories into tinystories (level 2) and tinystories into keyframes, dialogue and QA (level 3).
@main
struct StoryExpanderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story-expander",
        abstract: "Stage 2: expand substories (level 2) and tinystories (level 3), one call per message; assemble the story.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        try await StageMain.run(stage: .storyExpander, options: options, defaultConcurrency: 32) { environment in
            return StoryExpanderHandler(model: try environment.backends.storyModel())
        }
    }
}
