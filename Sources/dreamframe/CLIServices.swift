import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation
import Logging

/// Connections a CLI command opens; ``withServices(_:extraFlags:_:)`` runs them around the command.
struct CLIServices {
    let settings: Settings
    let logger: Logger
    let redis: RedisClient
    let state: RedisPipelineStore
    let publisher: AMQPPublisher

    init(_ settings: Settings) {
        self.settings = settings
        LogSetup.bootstrapOnce(level: settings.logLevel)
        logger = Logger(label: "dreamframe")
        redis = RedisClient(url: settings.redisURL, logger: logger, waitForConnection: 10)
        state = RedisPipelineStore(redis: redis)
        publisher = AMQPPublisher(endpoints: settings.broker, logger: logger, waitForConnection: 10)
    }
}

/// Runs `body` with running services, then always shuts them down: the publisher first (it waits for its confirms),
/// then Redis.
func withServices<T>(_ options: ConnectionOptions, extraFlags: [SettingKey: String] = [:],
                     _ body: (CLIServices) async throws -> T) async throws -> T {
    let services = CLIServices(try await options.resolve(extraFlags: extraFlags))
    try await asUsageError { try await services.settings.checkAccess() }
    return try await withRunningClients([services.redis, services.publisher], logger: services.logger) {
        try await body(services)
    }
}
