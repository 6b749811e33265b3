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

    @Option(name: .customLong("lease"),
            help: "Seconds a learner's lease on a style lasts without renewal (renewed every third of it while learning); a dead learner's style is taken over after it.")
    var leaseSeconds: Int = 30

    func validate() throws {
        guard (3...86_400).contains(leaseSeconds) else {
            throw ValidationError("--lease: expected seconds in 3...86400, got \(leaseSeconds)")
        }
    }

    func run() async throws {
        try await StageMain.run(stage: .styleTrainer, options: options, defaultConcurrency: 2) { environment in
            let learner = try environment.backends.styleLearner()
            let plan = try environment.backends.styleReferences(for: learner)
            return StyleTrainerHandler(learner: learner, leaseSeconds: leaseSeconds,
                                       references: plan.map {
                                           StyleReferences(model: $0.model, perLocation: $0.perLocation, locations: $0.locations)
                                       },
                                       learnTimeLimit: try environment.backends.styleLearnTimeLimit())
        }
    }
}
