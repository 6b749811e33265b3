import Clients
import DreamFrameCLI
import DreamFrameCore
import Foundation
import Logging
import Models
import Pipeline

/// The `bench chain` run: `items` movies of a run at branching 1,1,1, each passed through the five stages' real
/// runtimes (one consumer, publisher and Redis connection per stage, as five stage processes would have) by no-op
/// handlers (``ChainHandler``), with at most `window` items in flight; new items are published as items finish.
struct ChainBench {
    let settings: Settings
    let logger: Logger
    let items: Int
    let window: Int
    let options: RuntimeOptions

    /// What one run measured.
    struct Figures {
        var wall: Double
        var cpu: Double
        var latencies: [Double]
        var outcomes: [Stage: WorkerReport.Activity]
    }

    func run(setup: CLIServices) async throws -> Figures {
        let logger = logger
        let runId = "bench-chain-\(UUID().uuidString.prefix(8).lowercased())"
        let run = RunRecord(runId: runId, movies: items, seed: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 1),
                            themes: [], width: 16, height: 16, styleImages: nil, createdAt: Date().timeIntervalSince1970)
        let movieIds = (0..<items).map { String(format: "movie-%06d", $0) }
        try await setup.state.createRun(run, movieIds: movieIds)
        _ = try await setup.redis.pipeline(movieIds.map {
            ["HSET", PipelineKeys.movie(MovieRef(runId: runId, movieId: $0)), MovieField.styleId.rawValue, ChainHandler.styleId]
        })
        let clock = ChainClock(items: items)
        let (finished, finishedInput) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .unbounded)
        let stacks = Stage.allCases.map { stage in
            let handler = ChainHandler(stage: stage, run: run) { movie in
                guard let index = Int(movie.movieId.dropFirst("movie-".count)) else { return }
                if clock.finish(index) { finishedInput.yield(index) }
            }
            return ChainStage(stage: stage, handler: handler, settings: settings, options: options, logger: logger)
        }
        let envelopes = movieIds.indices.map { NextMessages.writePlot(run: run, movieId: movieIds[$0], index: $0) }
        let outgoing = try envelopes.map { try settings.topology.outgoing($0) }
        let publisher = setup.publisher, window = window
        let cpuStart = ProcessCPU.now(), start = ContinuousClock.now
        try await withRunningClients(stacks.flatMap(\.services), logger: logger) {
            await withTaskGroup(of: Void.self) { group in
                for stack in stacks { group.addTask { await stack.runtime.run(consumer: stack.consumer) } }
                group.addTask {
                    await Self.feed(outgoing, window: window, clock: clock, finished: finished, publisher: publisher,
                                    logger: logger)
                    for stack in stacks {
                        stack.runtime.beginShutdown()
                        stack.consumer.stopConsuming()
                    }
                }
            }
        }
        let wall = (ContinuousClock.now - start).seconds, cpu = ProcessCPU.now() - cpuStart
        finishedInput.finish()
        var outcomes: [Stage: WorkerReport.Activity] = [:]
        for stack in stacks { outcomes[stack.stage] = stack.runtime.activity() }
        return Figures(wall: wall, cpu: cpu, latencies: clock.latencies().sorted(), outcomes: outcomes)
    }

    /// Publishes the first `window` items, then one more for every item that finishes, until all finished.
    private static func feed(_ messages: [OutgoingMessage], window: Int, clock: ChainClock, finished: AsyncStream<Int>,
                             publisher: AMQPPublisher, logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func publish(upTo end: Int) {
                let slice = Array(messages[next..<end])
                let first = next
                next = end
                for i in first..<end { clock.start(i) }
                group.addTask {
                    do { try await publisher.publish(slice) } catch {
                        logger.error("bench chain: could not publish items", metadata: ["error": "\(error)"])
                    }
                }
            }
            var begun = 0
            while begun < min(window, messages.count) {
                let end = min(begun + 100, min(window, messages.count))
                next = begun
                publish(upTo: end)
                begun = end
            }
            var done = 0
            for await _ in finished {
                done += 1
                if next < messages.count { publish(upTo: next + 1) }
                if done == messages.count { break }
            }
            await group.waitForAll()
        }
    }
}
