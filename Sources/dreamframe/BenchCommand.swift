import ArgumentParser

/// `dreamframe bench`: figures of this machine and this build, never assertions — the broker and Redis round
/// trips (`broker`, the default), the stage runtime over a five-stage no-op chain (`chain`) and the built-in
/// renderer (`render`). `make bench` runs them with the whole-pipeline benchmarks (`ops/bench.sh`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks: broker and Redis round trips, the stage runtime, the renderer.",
        subcommands: [BenchBrokerCommand.self, BenchChainCommand.self, BenchRenderCommand.self],
        defaultSubcommand: BenchBrokerCommand.self)
}
