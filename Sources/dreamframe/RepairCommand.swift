import ArgumentParser
import DreamFrameCLI
import DreamFrameCore
import Foundation
import Pipeline

/// `dreamframe repair`: find movies that stopped making progress (a Redis crash lost the write that would have
/// moved them on) and republish exactly the messages whose effects are missing.
struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Find stuck movies and republish the messages whose effects were lost.",
        discussion: """
        A movie is looked at once it made no progress for --stale seconds. What is missing is found from what is \
        durable (record.json, story.json and frames on disk, the committed results and style cache in Redis, the \
        run record); the messages are rebuilt with their original ids, so where an effect is in place after all \
        they are dropped as duplicates.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id (default: every run).")
    var runId: String?

    @Option(name: .customLong("stale"), help: "Seconds without progress before a movie counts as stuck (default 300).")
    var stale: Double = 300

    @Flag(name: .customLong("dry-run"), help: "Only say what is missing and what would be republished.")
    var dryRun = false

    @Flag(name: .customLong("json"), help: "Print JSON.")
    var json = false

    func validate() throws {
        guard stale >= 0, stale.isFinite else { throw ValidationError("--stale: expected seconds >= 0, got \(stale)") }
    }

    func run() async throws {
        try await withServices(connection) { services in
            let runIds = try await runId.asyncMap { try await resolveRunId($0, state: services.state) }
            let queues = QueueMonitor(broker: services.settings.broker, topology: services.settings.topology,
                                      managementURL: nil)
            let reconciler = Reconciler(state: services.state, publisher: services.publisher,
                                        topology: services.settings.topology, layout: services.settings.layout,
                                        maxRepairs: nil, backlog: { try await queues.backlog() })
            let report = try await reconciler.reconcile(runIds: runIds.map { [$0] }, stale: stale, dryRun: dryRun)
            print(json ? JSONCoding.prettyString(report, fallback: "{}") : report.text)
        }
    }
}
