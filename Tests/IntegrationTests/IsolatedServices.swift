import Foundation
import Clients
import TestSupport

/// A RabbitMQ node and a Redis of a test's own, on free loopback ports with their own state folder, started and
/// stopped by the project's scripts (`ops/services-up.sh`, `ops/services-down.sh`): a test can stop, kill and
/// restart them without disturbing the shared services other tests use.
final class IsolatedServices: @unchecked Sendable {
    let directory: URL
    let amqpPort: Int
    let redisPort: Int
    private let environment: [String: String]

    init() throws {
        directory = try TestPaths.temporaryDirectory("df-services")
        let ports = try (0..<4).map { _ in try Self.freePort() }
        amqpPort = ports[0]
        redisPort = ports[1]
        let name = "dftest\(getpid())x\(ports[0])@localhost"
        environment = ProcessInfo.processInfo.environment.merging([
            "DF_STATE_DIR": directory.path, "DF_AMQP_PORT": String(ports[0]), "DF_REDIS_PORT": String(ports[1]),
            "DF_AMQP_DIST_PORT": String(ports[2]), "DF_MGMT_PORT": String(ports[3]),
            "DF_PROM_PORT": String(try Self.freePort()), "DF_NODENAME": name,
            "DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(ports[0])/%2F",
            "DREAMFRAME_REDIS_URL": "redis://127.0.0.1:\(ports[1])/0",
        ]) { _, new in new }
    }

    var brokerURL: AMQPURL { get throws { try AMQPURL("amqp://guest:guest@127.0.0.1:\(amqpPort)/%2F") } }
    var redisURL: RedisURL { get throws { try RedisURL("redis://127.0.0.1:\(redisPort)/0") } }

    /// Starts `services` (both by default) and waits until they serve.
    func up(_ services: [String] = []) async throws { try await run("services-up.sh", services) }

    /// Stops `services` (both by default); `--wipe` removes their data too.
    func down(_ arguments: [String] = []) async throws { try await run("services-down.sh", arguments) }

    /// Runs an ops script on its own thread (never blocking the cooperative pool) and waits for exactly its pid:
    /// the servers it daemonizes keep no pipe of ours open, and no other child's exit is mistaken for its own.
    private func run(_ script: String, _ arguments: [String]) async throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("ops/\(script)").path
        let log = directory.appendingPathComponent("\(script).log").path
        let environment = environment.map { "\($0.key)=\($0.value)" }
        let status = try await BlockingWork.run { try ChildProcess.run(path, arguments, environment: environment, output: log) }
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

/// `posix_spawn` and `waitpid` on one pid, output appended to a file.
enum ChildProcess {
    static func run(_ path: String, _ arguments: [String], environment: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw IsolatedServices.ServicesError(description: "cannot start \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
