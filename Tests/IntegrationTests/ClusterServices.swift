import DreamFrameCore
import Foundation
import Testing
import Clients
import Pipeline
import TestSupport

/// A three-node RabbitMQ cluster and a Redis of a test suite's own, on free loopback ports with their own state
/// folder, started and stopped by the project's scripts (`ops/cluster-up.sh`, `ops/services-up.sh redis` and their
/// `-down` twins): a test can kill a node without disturbing the shared services other tests use.
///
/// A suite gets one for all its tests with the ``ClusterTrait`` (`@Suite(.cluster)`), as ``current``.
final class ClusterServices: @unchecked Sendable {
    /// The cluster of the running suite.
    @TaskLocal static var current: ClusterServices?

    /// One RabbitMQ node.
    struct Node: Sendable {
        let name: String
        let amqpPort: Int
        /// The node's broker URL.
        var url: String { "amqp://guest:guest@127.0.0.1:\(amqpPort)/%2F" }
    }

    let directory: URL
    let nodes: [Node]
    let redisPort: Int
    private let environment: [String: String]

    init() throws {
        directory = try TestPaths.temporaryDirectory("df-cluster")
        let ports = try (0..<13).map { _ in try IsolatedServices.freePort() }
        let column = { (offset: Int) in (0..<3).map { String(ports[offset + $0 * 4]) }.joined(separator: " ") }
        nodes = (0..<3).map { Node(name: "dfc\($0 + 1)x\(getpid())@localhost", amqpPort: ports[$0 * 4]) }
        redisPort = ports[12]
        environment = ProcessInfo.processInfo.environment.merging([
            "DF_CLUSTER_STATE_DIR": directory.appendingPathComponent("rabbitmq").path,
            "DF_CLUSTER_NODES": nodes.map(\.name).joined(separator: " "),
            "DF_CLUSTER_AMQP_PORTS": column(0), "DF_CLUSTER_DIST_PORTS": column(1),
            "DF_CLUSTER_MGMT_PORTS": column(2), "DF_CLUSTER_PROM_PORTS": column(3),
            "DF_STATE_DIR": directory.appendingPathComponent("redis").path, "DF_REDIS_PORT": String(redisPort),
            "DF_REDIS_USER": "dreamframe", "DF_REDIS_PASSWORD": "cluster-\(redisPort)",
        ]) { _, new in new }
    }

    /// Every node's URL, comma-separated: what the clients take.
    var brokerURLs: String { nodes.map(\.url).joined(separator: ",") }

    /// The Redis URL of database `db` (separate runs of one suite can use separate databases).
    func redisURL(db: Int = 0) -> String { "redis://dreamframe:cluster-\(redisPort)@127.0.0.1:\(redisPort)/\(db)" }

    /// Starts Redis and the cluster (nodes, join, topology) and waits until they serve.
    func up() async throws {
        try await run("ops/services-up.sh", ["redis"])
        try await run("ops/cluster-up.sh", [])
    }

    /// Stops the cluster and Redis and removes their data.
    func down() async throws {
        try await run("ops/cluster-down.sh", ["--wipe"])
        try await run("ops/services-down.sh", ["--wipe", "redis"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills node `index`'s Erlang VM with SIGKILL (no goodbye to its peers or clients) and waits until it is gone.
    func kill9(node index: Int) async throws {
        let pidFile = directory.appendingPathComponent("rabbitmq/node\(index + 1)/rabbitmq/rabbitmq.pid")
        let text = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text), "node \(index + 1) pid file holds '\(text)'")
        #expect(kill(pid, SIGKILL) == 0, "kill -9 \(pid)")
        while kill(pid, 0) == 0 { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// The server port of every client connection of the cluster, as node `via` lists them.
    func connectionPorts(via index: Int) async throws -> [Int] {
        try await ctl(via: index, "rabbitmqctl", ["-q", "list_connections", "port"])
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Every queue's replicas (member node names), as node `via` lists them.
    func queueMembers(via index: Int) async throws -> [String: [String]] {
        let json = try await ctl(via: index, "rabbitmqctl", ["-q", "list_queues", "name", "members", "--formatter", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["name"] as? String).map { ($0, row["members"] as? [String] ?? []) }
        })
    }

    /// Runs a RabbitMQ CLI `tool` against node `index` (cookie and distribution settings of the cluster scripts).
    func ctl(via index: Int, _ tool: String, _ arguments: [String]) async throws -> String {
        let script = TestPaths.repositoryRoot.appendingPathComponent("ops/cluster-env.sh").path
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let (status, output) = try await ChildProcess.capture("/bin/bash", ["-c", """
            source '\(script)' && cluster_ctl \(tool) \(index) \(quoted)
            """], environment: environment)
        guard status == 0 else {
            throw IsolatedServices.ServicesError(description: "\(tool) \(arguments.joined(separator: " ")) exited \(status): \(output)")
        }
        return output
    }

    /// Runs an ops script and waits for exactly its pid (see ``IsolatedServices``); its output goes to a log.
    private func run(_ script: String, _ arguments: [String]) async throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent(script).path
        let log = directory.appendingPathComponent("\(URL(fileURLWithPath: script).lastPathComponent).log").path
        let status = try await ChildProcess.run(path, arguments, environment: environment, outputFile: log)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw IsolatedServices.ServicesError(description: "\(script) \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
    }
}

/// Starts a ``ClusterServices`` before a suite's tests and stops it after them: cluster start-up (half a minute)
/// is paid once per suite.
struct ClusterTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let cluster = try ClusterServices()
        do {
            try await cluster.up()
            try await ClusterServices.$current.withValue(cluster) { try await function() }
        } catch {
            try? await cluster.down()
            throw error
        }
        try await cluster.down()
    }
}

extension Trait where Self == ClusterTrait {
    /// A three-node RabbitMQ cluster and a Redis for the suite (``ClusterServices/current``).
    static var cluster: Self { ClusterTrait() }
}
