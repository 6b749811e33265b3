import Models
import Clients
import DreamFrameCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs a ``StageRuntime`` as a swift-service-lifecycle `Service`: on graceful shutdown (SIGTERM / SIGINT) it stops
/// consuming, lets in-flight handlers finish and get acked, requeues what was prefetched but not started, then closes
/// the broker and Redis connections.
public struct StageService: Service {
    let runtime: StageRuntime
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let redis: RedisClient
    let logger: Logger

    public init(runtime: StageRuntime, consumer: AMQPConsumer, publisher: AMQPPublisher, redis: RedisClient, logger: Logger) {
        self.runtime = runtime
        self.consumer = consumer
        self.publisher = publisher
        self.redis = redis
        self.logger = logger
    }

    public func run() async throws {
        logger.info("stage started", metadata: [
            "queue": "\(runtime.queues.workQueue)", "concurrency": "\(runtime.options.concurrency)",
            "prefetch": "\(runtime.options.prefetch)",
        ])
        await withGracefulShutdownHandler {
            await runtime.run(consumer: consumer)
        } onGracefulShutdown: {
            logger.info("shutting down: finishing in-flight work")
            runtime.beginShutdown()
            consumer.stopConsuming()
        }
        await consumer.close()
        await publisher.shutdown()
        await redis.shutdown()
        logger.info("stage stopped")
    }
}
