import ArgumentParser
import DreamFrameKit

/// Stage 5: validates each finished movie's QA and writes its dataset record and the run's dataset files.
@main
struct QAValidatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa-validator",
        abstract: "Stage 5: check each movie's QA against the movie, write its record, and export the run's dataset.")

    @OptionGroup var options: StageOptions

    @Option(name: .customLong("support-threshold"), help: "Minimum share of an answer's words found in the movie (0...1).")
    var supportThreshold: Double = 0.5

    @Flag(name: .customLong("no-video"), help: "Do not make video.mp4 from the frames.")
    var noVideo = false

    func validate() throws {
        guard (0...1).contains(supportThreshold) else {
            throw ValidationError("--support-threshold: expected a number in 0...1, got \(supportThreshold)")
        }
    }

    func run() async throws {
        try await StageMain.run(stage: .qaValidator, options: options, defaultConcurrency: 2) { _ in
            QAValidatorHandler(validator: QAValidator(supportThreshold: supportThreshold), makeVideo: !noVideo)
        }
    }
}
