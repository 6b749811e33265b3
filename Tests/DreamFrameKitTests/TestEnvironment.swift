import Foundation
import Logging
@testable import DreamFrameKit

/// The real RabbitMQ and Redis that `make test` starts with `ops/services-up.sh`.
enum TestEnvironment {
    static let brokerURL = try! AMQPURL(ProcessInfo.processInfo.environment["DREAMFRAME_BROKER_URL"] ?? ConnectionOptions.defaultBrokerURL)
    static let redisURL = try! RedisURL(ProcessInfo.processInfo.environment["DREAMFRAME_REDIS_URL"] ?? ConnectionOptions.defaultRedisURL)
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let topology = try! Topology.load(path: repositoryRoot.appendingPathComponent("Topology/definitions.json").path)
    /// The authors' sample: `$DREAMFRAME_SAMPLE_DIR`, else `shared/` beside the checkout (as CI lays it out), else the
    /// workplace's copy.
    static let sampleDirectory: URL = {
        let candidates = [ProcessInfo.processInfo.environment["DREAMFRAME_SAMPLE_DIR"],
                          repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/dreamframe-sample").path,
                          "/work/shared/reference/dreamframe-sample"].compactMap { $0 }
        let found = candidates.first { FileManager.default.fileExists(atPath: $0 + "/story_info_0.json") } ?? candidates[0]
        return URL(fileURLWithPath: found, isDirectory: true)
    }()

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["DF_TEST_DEBUG"] != nil ? .debug : .warning
        return logger
    }

    /// A unique name for test-owned queues and keys.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs admin work on a blocking thread with a fresh connection.
    static func admin<T: Sendable>(_ body: @escaping @Sendable (AMQPAdmin) throws -> T) async throws -> T {
        try await BlockingWork.run {
            let admin = try AMQPAdmin(url: brokerURL)
            defer { admin.close() }
            return try body(admin)
        }
    }
}
