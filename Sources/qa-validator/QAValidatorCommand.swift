import Pipeline
import Stages
import ArgumentParser
import DreamFrameCLI

/// Stage 5: validates each finished movie's QA and writes its dataset record and the run's dataset files.
@main
struct QAValidatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa-validator",
        abstract: "Stage 5: check each movie's QA against the movie, write its record, and export the run's dataset.")

    @OptionGroup var options: StageOptions

    @Option(name: .customLong("support-threshold"), help: "Minimum share of an answer's words found in the movie (0...1).")
    var supportThreshold: Double = 0.5

    @Flag(name: .customLong("llm-judge"), help: "Also ask the story model to judge each kept QA pair (skipped with the built-in model).")
    var llmJudge = false

    @Flag(name: .customLong("no-video"), help: "Do not make video.mp4 from the frames (env DREAMFRAME_VIDEOS=off does the same).")
    var noVideo = false

    func validate() throws {
        guard (0...1).contains(supportThreshold) else {
            throw ValidationError("--support-threshold: expected a number in 0...1, got \(supportThreshold)")
        }
    }

    func run() async throws {
        try await StageMain.run(stage: .qaValidator, options: options, defaultConcurrency: 2) { environment in
            let judge = llmJudge
                ? QAJudge(model: try environment.backends.storyModel())
                : nil
            let videos = environment.settings.source.string(.videos) ?? "on"
            guard ["on", "off"].contains(videos) else {
                throw ValidationError("\(SettingKey.videos.environmentVariable): expected on or off, got '\(videos)'")
            }
            return QAValidatorHandler(validator: QAValidator(supportThreshold: supportThreshold), judge: judge,
                                      makeVideo: !noVideo && videos == "on")
        }
    }
}
