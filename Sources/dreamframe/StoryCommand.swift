import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe story`: write one movie offline and print it as JSON.
struct StoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "story", abstract: "Write one movie with the story model and print its story JSON (offline).")

    @Option(name: .customLong("seed"), help: "The movie's seed.") var seed: UInt64 = 1
    @Option(name: .customLong("theme"), help: "A theme phrase; default: drawn from the built-in set.") var theme: String?
    @Option(name: .customLong("branching"), help: "substories,tinystories,keyframes, e.g. 11,11,11.", transform: Branching.parse)
    var branching = Branching.small
    @OptionGroup var backends: BackendOptions

    func run() async throws {
        let model = try await asUsageError { try await Backends.offline(backends).storyModel() }
        let story = try await OfflineStoryWriter(model: model).write(
            movie: MovieRef(runId: "offline", movieId: "movie-\(seed)"), seed: seed, theme: theme,
            branching: branching)
        printJSON(story)
    }
}

/// Prints a value as pretty, key-sorted JSON.
func printJSON<T: Encodable>(_ value: T) {
    print(JSONCoding.prettyString(value))
}
