import Clients
import Foundation
import Logging
import Models
import Pipeline
import Stages
import TestSupport

/// The five stage handlers behind the real ``StageRuntime``, wired to in-memory fakes: published messages are
/// routed to the stage whose work queue they address, retries come back after their "delay" (at once), dead
/// letters are collected. No broker, no Redis: a whole movie runs in milliseconds.
final class InMemoryPipeline: Sendable {
    let store = MemoryPipelineStore()
    let publisher = MemoryPublisher()
    let layout: OutputLayout
    let topology = TestPaths.topology
    let runtimes: [Stage: StageRuntime]
    /// What the handlers see: the fakes, the topology and the output folder.
    let context: StageContext

    /// A pipeline whose handlers use `storyModel`, `imageModel` and `learner`, writing below `root` (a fresh
    /// temporary folder by default) and logging to `logger`; `makeVideo` makes each movie's video.mp4 (ffmpeg).
    init(storyModel: any StoryModel, imageModel: any ImageModel, learner: any StyleLearner,
         maxAttempts: Int = 5, fileWait: Duration = .seconds(2), root: URL? = nil,
         logger: Logger = TestPaths.quietLogger, makeVideo: Bool = false,
         exports: ExportSchedule = ExportSchedule()) throws {
        layout = OutputLayout(root: try root?.path ?? TestPaths.temporaryDirectory("df-pipeline").path)
        context = StageContext(logger: logger, topology: topology, state: store, layout: layout, publisher: publisher)
        let handlers: [any StageHandler] = [
            PlotWriterHandler(model: storyModel),
            StoryExpanderHandler(model: storyModel),
            StyleTrainerHandler(learner: learner, leaseSeconds: 60, fileWait: fileWait),
            FrameRendererHandler(model: imageModel, state: store),
            QAValidatorHandler(validator: QAValidator(supportThreshold: 0.5), judge: nil, makeVideo: makeVideo,
                               fileWait: fileWait, exports: exports),
        ]
        var runtimes: [Stage: StageRuntime] = [:]
        for handler in handlers {
            runtimes[handler.stage] = StageRuntime(handler: handler,
                                                   options: RuntimeOptions(concurrency: 4, maxAttempts: maxAttempts),
                                                   context: context)
        }
        self.runtimes = runtimes
    }

    /// Records a run and publishes its `write-plot` messages.
    @discardableResult
    func submit(_ run: RunRecord) async throws -> [MovieRef] {
        try await RunSubmitter(state: store, publisher: publisher, topology: topology).submit(run)
    }

    /// A run record with small frames.
    static func run(_ id: String = TestPaths.unique("run"), movies: Int, branching: Branching, seed: UInt64 = 7) -> RunRecord {
        RunRecord(runId: id, movies: movies, seed: seed, branching: branching, themes: [], width: 32, height: 18,
                  styleImages: nil, createdAt: Date().timeIntervalSince1970)
    }

    /// What became of the messages the drain handled.
    struct Outcome {
        var handled = 0
        var retried = 0
        var deadLetters: [OutgoingMessage] = []
        var settlements: [Settlement] = []
    }

    /// Delivers every published message not yet delivered to its stage, in publish order, until none is left.
    /// With `duplicates`, each delivery is made twice (a redelivery after a lost ack).
    func drain(from start: Int = 0, duplicates: Bool = false, limit: Int = 100_000) async -> Outcome {
        var outcome = Outcome()
        var cursor = start
        while cursor < publisher.published.count, outcome.handled < limit {
            let message = publisher.published[cursor]
            cursor += 1
            guard let (stage, isRetry) = route(message) else {
                if isDeadLetter(message) { outcome.deadLetters.append(message) }
                continue
            }
            if isRetry { outcome.retried += 1 }
            guard let runtime = runtimes[stage] else { continue }
            for copy in 0..<(duplicates ? 2 : 1) {
                let delivery = Delivery(tag: UInt64(cursor), generation: 0, body: message.body,
                                        messageId: message.messageId, headers: message.headers,
                                        redelivered: copy > 0, exchange: message.exchange,
                                        routingKey: message.routingKey)
                outcome.settlements.append(await runtime.process(delivery))
                outcome.handled += 1
            }
        }
        return outcome
    }

    /// The stage a message reaches, and whether it went through a retry queue.
    private func route(_ message: OutgoingMessage) -> (Stage, Bool)? {
        for stage in Stage.allCases {
            let queues = topology.queues(for: stage)
            if message.exchange == queues.workExchange && message.routingKey == queues.workRoutingKey {
                return (stage, false)
            }
            if queues.retries.contains(where: { $0.exchange == message.exchange && $0.routingKey == message.routingKey }) {
                return (stage, true)
            }
        }
        return nil
    }

    private func isDeadLetter(_ message: OutgoingMessage) -> Bool {
        Stage.allCases.contains { topology.queues(for: $0).deadRoutingKey == message.routingKey
            && topology.queues(for: $0).deadExchange == message.exchange }
    }
}
