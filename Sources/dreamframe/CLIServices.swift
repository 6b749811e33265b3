import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation
import Logging

/// Connections a CLI command opens, closed together.
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
        publisher = AMQPPublisher(url: settings.brokerURL, logger: logger, waitForConnection: 10)
    }

    func shutdown() async {
        await publisher.shutdown()
        await redis.shutdown()
    }
}

/// Runs `body` with open services and always closes them.
func withServices<T>(_ options: ConnectionOptions, extraFlags: [SettingKey: String] = [:],
                     _ body: (CLIServices) async throws -> T) async throws -> T {
    let services = CLIServices(try await options.resolve(extraFlags: extraFlags))
    do {
        let result = try await body(services)
        await services.shutdown()
        return result
    } catch {
        await services.shutdown()
        throw error
    }
}
