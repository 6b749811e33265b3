import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore

/// `dreamframe topology`: the broker topology from Topology/definitions.json.
struct TopologyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "topology", abstract: "Show or declare the broker topology.",
                                                    subcommands: [Apply.self, Show.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declare every exchange, queue and binding (idempotent).")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let configuration = try await connection.resolve()
            let topology = configuration.topology
            try await BlockingWork.run { [configuration] in
                let admin = try AMQPAdmin(endpoints: configuration.broker)
                defer { admin.close() }
                try admin.declare(topology)
            }
            print("declared \(topology.definitions.exchanges.count) exchanges, \(topology.definitions.queues.count) queues, \(topology.definitions.bindings.count) bindings from \(topology.source) on \(configuration.broker)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each stage's queues.")

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let topology = try await connection.resolve().topology
            for stage in Stage.allCases {
                let q = topology.queues(for: stage)
                print("\(stage.rawValue): work \(q.workQueue) (via \(q.workExchange)/\(q.workRoutingKey)), retries \(q.retries.map { "\($0.queue)=\($0.delay)" }.joined(separator: ", ")), dead \(q.deadQueue)")
            }
        }
    }
}
