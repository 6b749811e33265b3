import Pipeline
import Stages
import ArgumentParser
import DreamFrameCLI

/// Stage 3: learns each movie's style embedding once per style (Redis cache) and releases the movie's renders.
@main
struct StyleTrainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style-trainer",
        abstract: "Stage 3: learn (or take from the cache) each movie's style, then fan out one render per keyframe.")

    @OptionGroup var options: StageOptions

    @Option(name: .customLong("lease"), help: "Seconds a learner holds a style before another may take over.")
    var leaseSeconds: Int = 7200

    func run() async throws {
        try await StageMain.run(stage: .styleTrainer, options: options, defaultConcurrency: 2) { environment in
            return StyleTrainerHandler(learner: environment.backends.styleLearner(), leaseSeconds: leaseSeconds)
        }
    }
}
