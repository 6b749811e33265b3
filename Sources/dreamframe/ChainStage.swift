import Clients
import DreamFrameCLI
import Foundation
import Logging
import Pipeline
import ServiceLifecycle

/// One stage of `bench chain` with connections of its own, as a stage process has: Redis, a publisher, a consumer
/// of the stage's work queue, and the runtime over them.
struct ChainStage: Sendable {
    let stage: Stage
    let redis: RedisClient
    let publisher: AMQPPublisher
    let consumer: AMQPConsumer
    let runtime: StageRuntime

    init(stage: Stage, handler: ChainHandler, settings: Settings, options: RuntimeOptions, logger: Logger) {
        var logger = logger
        logger[metadataKey: "stage"] = "\(stage.rawValue)"
        self.stage = stage
        redis = RedisClient(url: settings.redisURL, logger: logger)
        publisher = AMQPPublisher(endpoints: settings.broker, logger: logger)
        consumer = AMQPConsumer(endpoints: settings.broker, queue: settings.topology.queues(for: stage).workQueue,
                                prefetch: options.prefetch, logger: logger)
        let context = StageContext(logger: logger, topology: settings.topology, state: RedisPipelineStore(redis: redis),
                                   layout: settings.layout, publisher: publisher)
        runtime = StageRuntime(handler: handler, options: options, context: context)
    }

    /// The connections, in the order they start (and stop in reverse).
    var services: [any Service] { [redis, publisher, consumer] }
}
