import Clients
import DreamFrameCore
import Foundation
import Logging
import Pipeline
import ServiceLifecycle

/// The entry point every stage executable calls: resolves settings, wires connections, the handler and the
/// runtime, and runs them as one service group until SIGTERM / SIGINT (see ``StageService/serviceGroup(_:publisher:redis:)``).
public enum StageMain {
    /// What a stage executable gets to build its handler from.
    public struct Environment: Sendable {
        public let settings: Settings
        public let backends: Backends
        public let options: StageOptions
        public let logger: Logger
        public let state: any PipelineStore
    }

    /// Runs `stage` with the handler `makeHandler` builds.
    public static func run(stage: Stage, options: StageOptions, defaultConcurrency: Int,
                           makeHandler: (Environment) throws -> any StageHandler) async throws {
        let settings = try await options.connection.resolve(extraFlags: options.settingFlags)
        LogSetup.bootstrapOnce(level: settings.logLevel)
        let metricsSettings = try MetricsSettings(source: settings.source)
        // Before any metric is made: those made earlier would record nowhere.
        let registry = metricsSettings.isEnabled ? StageMonitoring.bootstrap(stage: stage) : nil
        try await asUsageError { try await settings.checkAccess() }
        let pidFile = options.pidFile.map { PidFile(path: $0) }
        try asUsageError { try pidFile?.create() }
        defer { pidFile?.remove() }
        var logger = Logger(label: "dreamframe.\(stage.rawValue)")
        logger[metadataKey: "stage"] = "\(stage.rawValue)"
        logger[metadataKey: "pid"] = "\(getpid())"

        let redis = RedisClient(url: settings.redisURL, logger: logger)
        let publisher = AMQPPublisher(endpoints: settings.broker, logger: logger)
        let state = RedisPipelineStore(redis: redis)
        let environment = Environment(settings: settings, backends: Backends(source: settings.source),
                                      options: options, logger: logger, state: state)
        let handler = try asUsageError { try makeHandler(environment) }
        let runtimeOptions = options.runtimeOptions(defaultConcurrency: defaultConcurrency)
        let context = StageContext(logger: logger, topology: settings.topology, state: state,
                                   layout: settings.layout, publisher: TimedPublisher(publisher, stage: stage))
        let runtime = StageRuntime(handler: handler, options: runtimeOptions, context: context)
        let queue = settings.topology.queues(for: stage).workQueue
        let consumer = AMQPConsumer(endpoints: settings.broker, queue: queue, prefetch: runtimeOptions.prefetch,
                                    logger: logger, onConnect: { [logger] in
                                        logger.info("consuming", metadata: ["queue": "\(queue)"])
                                    })
        let service = StageService(runtime: runtime, consumer: consumer, logger: logger)
        let heartbeat = WorkerHeartbeat(registry: WorkerRegistry(redis: redis), runtime: runtime, logger: logger)
        let queues = QueueMonitor(broker: settings.broker, topology: settings.topology, managementURL: nil)
        let repair = options.repairEvery > 0 ? RepairService(
            reconciler: Reconciler(state: state, publisher: publisher, topology: settings.topology, layout: settings.layout,
                                   backlog: { try await queues.backlog() }),
            every: .milliseconds(Int(options.repairEvery * 1000)), stale: options.repairStale, logger: logger) : nil
        let endpoint = registry.map {
            StageMonitoring.endpoint(metricsSettings, registry: $0, runtime: runtime, consumer: consumer, queue: queue,
                                     logger: logger)
        }
        let progress = registry.map { _ in
            RunProgressMetrics(state: state, every: .milliseconds(Int(options.runMetricsEvery * 1000)),
                               backlog: { try await queues.backlog(workedOnly: true) }, logger: logger)
        }
        let group = StageService.serviceGroup(service, publisher: publisher, redis: redis, monitoring: endpoint,
                                              alongside: [heartbeat] + (progress.map { [$0] } ?? []), repair: repair)
        // A metrics port that cannot be bound is a setting to fix (exit 64), not a crash to restart.
        try await asUsageError { try await group.run() }
        logger.info("stage stopped")
    }
}
