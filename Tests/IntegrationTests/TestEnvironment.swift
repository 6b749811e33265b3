import Foundation
import Logging
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore
import TestSupport

/// The real RabbitMQ and Redis that `make test` starts with `ops/services-up.sh`.
enum TestEnvironment {
    static let brokerURL = try! AMQPURL(ProcessInfo.processInfo.environment["DREAMFRAME_BROKER_URL"] ?? Settings.defaultBrokerURL)
    static let redisURL = try! RedisURL(ProcessInfo.processInfo.environment["DREAMFRAME_REDIS_URL"] ?? Settings.defaultRedisURL)
    /// Redis' admin (`DF_REDIS_ADMIN_URL` from `ops/env.sh`), for what the pipeline's ACL user may not do (INFO,
    /// TTL, SCRIPT, …); the pipeline user's URL when none is set.
    static let redisAdminURL = try! RedisURL(ProcessInfo.processInfo.environment["DF_REDIS_ADMIN_URL"]
                                             ?? ProcessInfo.processInfo.environment["DREAMFRAME_REDIS_URL"]
                                             ?? Settings.defaultRedisURL)
    static let repositoryRoot = TestPaths.repositoryRoot
    static let topology = TestPaths.topology
    static let sampleDirectory = TestPaths.sampleDirectory
    static var logger: Logger { TestPaths.logger }

    /// A unique name for test-owned queues and keys.
    static func unique(_ prefix: String) -> String { TestPaths.unique(prefix) }

    /// Runs admin work on a blocking thread with a fresh connection.
    static func admin<T: Sendable>(_ body: @escaping @Sendable (AMQPAdmin) throws -> T) async throws -> T {
        try await BlockingWork.run {
            let admin = try AMQPAdmin(url: brokerURL)
            defer { admin.close() }
            return try body(admin)
        }
    }
}
