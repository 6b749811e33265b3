import DreamFrameKit
import Foundation
import Logging

/// Connections a CLI command opens, closed together.
struct CLIServices {
    let configuration: Configuration
    let logger: Logger
    let redis: RedisClient
    let state: PipelineState
    let publisher: AMQPPublisher

    init(_ options: ConnectionOptions) throws {
        configuration = try options.resolve()
        LogSetup.bootstrapOnce(level: configuration.logLevel)
        logger = Logger(label: "dreamframe")
        redis = RedisClient(url: configuration.redisURL, logger: logger, waitForConnection: 10)
        state = PipelineState(redis: redis)
        publisher = AMQPPublisher(url: configuration.brokerURL, logger: logger, waitForConnection: 10)
    }

    func shutdown() async {
        await publisher.shutdown()
        await redis.shutdown()
    }
}

/// Runs `body` with open services and always closes them.
func withServices<T>(_ options: ConnectionOptions, _ body: (CLIServices) async throws -> T) async throws -> T {
    let services = try CLIServices(options)
    do {
        let result = try await body(services)
        await services.shutdown()
        return result
    } catch {
        await services.shutdown()
        throw error
    }
}
