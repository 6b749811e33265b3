import DreamFrameCore
import Foundation
import Clients
import Pipeline
import TestSupport

/// A RabbitMQ node and a Redis of a test's own, on free loopback ports with their own state folder, started and
/// stopped by the project's scripts (`ops/services-up.sh`, `ops/services-down.sh`): a test can stop, kill and
/// restart them without disturbing the shared services other tests use.
final class IsolatedServices: @unchecked Sendable {
    let directory: URL
    let amqpPort: Int
    let redisPort: Int
    /// The port of the node's management API.
    let managementPort: Int
    /// The port of the node's prometheus plugin (per-object metrics under `/metrics/per-object`).
    let prometheusPort: Int
    /// The password of Redis' pipeline user (`dreamframe`, the ACL `ops/services-up.sh` applies).
    let redisPassword: String
    private let environment: [String: String]

    /// Services on fresh ports; `settings` adds or overrides ops settings (`DF_REDIS_PASSWORD`, `DF_AMQP_USER`,
    /// `DF_AMQPS_PORT`, …).
    init(settings: [String: String] = [:]) throws {
        directory = try TestPaths.temporaryDirectory("df-services")
        let ports = try (0..<4).map { _ in try Self.freePort() }
        amqpPort = ports[0]
        redisPort = ports[1]
        managementPort = ports[3]
        prometheusPort = try Self.freePort()
        redisPassword = settings["DF_REDIS_PASSWORD"] ?? "isolated-\(ports[1])"
        let name = "dftest\(getpid())x\(ports[0])@localhost"
        environment = ProcessInfo.processInfo.environment.merging([
            "DF_STATE_DIR": directory.path, "DF_AMQP_PORT": String(ports[0]), "DF_REDIS_PORT": String(ports[1]),
            "DF_AMQP_DIST_PORT": String(ports[2]), "DF_MGMT_PORT": String(ports[3]),
            "DF_PROM_PORT": String(prometheusPort), "DF_NODENAME": name,
            "DF_REDIS_USER": "dreamframe", "DF_REDIS_PASSWORD": redisPassword,
            "DF_REDIS_ADMIN_PASSWORD": "admin-\(ports[1])",
            "DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(ports[0])/%2F",
            "DREAMFRAME_REDIS_URL": "redis://dreamframe:\(redisPassword)@127.0.0.1:\(ports[1])/0",
        ].merging(settings) { _, new in new }) { _, new in new }
    }

    var brokerURL: AMQPURL { get throws { try AMQPURL("amqp://guest:guest@127.0.0.1:\(amqpPort)/%2F") } }
    /// The management API's root (its port is not the AMQP port + 10000, so commands are told).
    var managementURL: String { "http://127.0.0.1:\(managementPort)" }
    /// The pipeline user's URL (what the stages take).
    var redisURLText: String { "redis://dreamframe:\(redisPassword)@127.0.0.1:\(redisPort)/0" }
    var redisURL: RedisURL { get throws { try RedisURL(redisURLText) } }
    /// Redis' admin (its default user), for commands the pipeline user may not send.
    var redisAdminURL: RedisURL {
        get throws { try RedisURL("redis://default:\(environment["DF_REDIS_ADMIN_PASSWORD"] ?? "")@127.0.0.1:\(redisPort)/0") }
    }

    /// Starts `services` (both by default) and waits until they serve.
    func up(_ services: [String] = []) async throws { try await run("services-up.sh", services) }

    /// Stops `services` (both by default); `--wipe` removes their data too.
    func down(_ arguments: [String] = []) async throws { try await run("services-down.sh", arguments) }

    /// Runs an ops script on its own thread (never blocking the cooperative pool) and waits for exactly its pid:
    /// the servers it daemonizes keep no pipe of ours open, and no other child's exit is mistaken for its own.
    private func run(_ script: String, _ arguments: [String]) async throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("ops/\(script)").path
        let log = directory.appendingPathComponent("\(script).log").path
        let status = try await ChildProcess.run(path, arguments, environment: environment, outputFile: log)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ServicesError(description: "ops/\(script) \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
    }

    /// A port nothing listens on right now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ServicesError(description: "socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw ServicesError(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ServicesError: Error, CustomStringConvertible {
        var description: String
    }
}
