import Foundation
import Logging
import ServiceLifecycle

/// The entry point every stage executable calls: wires configuration, connections, the handler and the runtime,
/// and runs until SIGTERM / SIGINT.
public enum StageMain {
    /// What a stage executable gets to build its handler from.
    public struct Environment: Sendable {
        public let configuration: Configuration
        public let options: StageOptions
        public let logger: Logger
        public let state: PipelineState
    }

    /// Runs `stage` with the handler `makeHandler` builds.
    public static func run(stage: Stage, options: StageOptions, defaultConcurrency: Int,
                           makeHandler: (Environment) throws -> any StageHandler) async throws {
        let configuration = try options.connection.resolve()
        LogSetup.bootstrapOnce(level: configuration.logLevel)
        var logger = Logger(label: "dreamframe.\(stage.rawValue)")
        logger[metadataKey: "stage"] = "\(stage.rawValue)"
        logger[metadataKey: "pid"] = "\(getpid())"

        let redis = RedisClient(url: configuration.redisURL, logger: logger)
        let publisher = AMQPPublisher(url: configuration.brokerURL, logger: logger)
        let state = PipelineState(redis: redis)
        let environment = Environment(configuration: configuration, options: options, logger: logger, state: state)
        let handler = try makeHandler(environment)
        let runtimeOptions = options.runtimeOptions(defaultConcurrency: defaultConcurrency)
        let context = StageContext(logger: logger, topology: configuration.topology, state: state,
                                   layout: configuration.layout, publisher: publisher)
        let runtime = StageRuntime(handler: handler, options: runtimeOptions, context: context)
        let queue = configuration.topology.queues(for: stage).workQueue
        let consumer = AMQPConsumer(url: configuration.brokerURL, queue: queue, prefetch: runtimeOptions.prefetch,
                                    logger: logger, onConnect: { [logger] in
                                        logger.info("consuming", metadata: ["queue": "\(queue)"])
                                    })
        let service = StageService(runtime: runtime, consumer: consumer, publisher: publisher, redis: redis, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
    }
}
