import Models
import Clients
import DreamFrameCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs a ``StageRuntime`` as a swift-service-lifecycle `Service`: on graceful shutdown (SIGTERM / SIGINT) it stops
/// consuming, lets in-flight handlers finish and get settled, and requeues what was prefetched but not started.
///
/// The connections are services of their own, started before it in the same group (see ``serviceGroup(_:)``), so
/// the group's reverse-order shutdown stops this stage first, then the consumer (which sends the last acks), then
/// the publisher (which waits for the last confirms), then Redis.
public struct StageService: Service {
    let runtime: StageRuntime
    let consumer: AMQPConsumer
    let logger: Logger

    public init(runtime: StageRuntime, consumer: AMQPConsumer, logger: Logger) {
        self.runtime = runtime
        self.consumer = consumer
        self.logger = logger
    }

    /// Consumes until a graceful shutdown has drained the in-flight work.
    public func run() async throws {
        logger.info("stage started", metadata: [
            "queue": "\(runtime.queues.workQueue)", "concurrency": "\(runtime.options.concurrency)",
            "prefetch": "\(runtime.options.prefetch)",
        ])
        await withGracefulShutdownHandler {
            await runtime.run(consumer: consumer)
        } onGracefulShutdown: { [runtime, consumer, logger] in
            logger.info("shutting down: finishing in-flight work")
            runtime.beginShutdown()
            consumer.stopConsuming()
        }
        logger.info("stage drained")
    }

    /// The group a stage process runs: Redis, the publisher and the consumer first, this stage last, so on SIGTERM /
    /// SIGINT the stage drains while its connections still run, and each connection closes after what uses it.
    /// When the stage ends by itself, the rest of the group shuts down gracefully too. Services `alongside` (the
    /// heartbeat) start after the connections and stop before them; a `repair` service runs last (so it stops first,
    /// at once), and its ending never ends the group. A `monitoring` service (the metrics listener) starts before
    /// everything and stops after everything, so it reports on the start and the drain; if it fails (its port
    /// taken), the process stops with its error.
    public static func serviceGroup(_ stage: StageService, publisher: AMQPPublisher, redis: RedisClient,
                                    monitoring: (any Service)? = nil, alongside: [any Service] = [],
                                    repair: RepairService? = nil) -> ServiceGroup {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = monitoring.map {
            [.init(service: $0, serviceName: "metrics")]
        } ?? []
        services += [
            .init(service: redis, serviceName: "redis"),
            .init(service: publisher, serviceName: "amqp-publisher"),
        ] + alongside.map { .init(service: $0) } + [
            .init(service: stage.consumer, serviceName: "amqp-consumer"),
            .init(service: stage, successTerminationBehavior: .gracefullyShutdownGroup,
                  failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "stage"),
        ]
        if let repair {
            services.append(.init(service: repair, successTerminationBehavior: .ignore,
                                  failureTerminationBehavior: .ignore, serviceName: "repair"))
        }
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                 logger: stage.logger))
    }
}
