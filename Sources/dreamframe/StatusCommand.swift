import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe status`: per stage the queues and the processes consuming them on every host, and a run's progress
/// with bars and ETA (or its duration once finished). Exits 2 when something needs a person.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the fleet per stage and a run's progress.",
        discussion: "Exit status: 0 when nothing needs a person, 2 when there are dead letters or stuck movies.")

    /// The exit status when dead letters or stuck movies need a person.
    static let attentionStatus: Int32 = 2

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id (default: the newest run).")
    var runId: String?

    @Option(name: .customLong("management-url"),
            help: "RabbitMQ management API root for unacked counts (env DREAMFRAME_MANAGEMENT_URL; default: the broker's host, its AMQP port + 10000).")
    var managementURL: String?

    @Option(name: .customLong("watch"), help: "Refresh every N seconds until interrupted (or the run completes).")
    var watch: Double?

    @Option(name: .customLong("stale"), help: "Seconds without progress after which a movie is shown as stuck (default 300).")
    var stale: Double = 300

    @Flag(name: .customLong("json"), help: "Print JSON (README: \"dreamframe status --json\").")
    var json = false

    func validate() throws {
        if let watch, watch < 0.2 { throw ValidationError("--watch: expected at least 0.2 seconds, got \(watch)") }
        guard stale >= 0, stale.isFinite else { throw ValidationError("--stale: expected seconds >= 0, got \(stale)") }
    }

    func run() async throws {
        let extra: [SettingKey: String] = managementURL.map { [.managementURL: $0] } ?? [:]
        let needsPerson = try await withServices(connection, extraFlags: extra) { services in
            let http = HTTPClient()
            defer { http.shutdown() }
            let monitor = QueueMonitor(broker: services.settings.broker, topology: services.settings.topology,
                                       managementURL: try services.settings.managementURL())
            let run = runId == nil ? try await services.state.runIds().last : try await resolveRunId(runId, state: services.state)
            while true {
                let (status, workers) = try await Self.snapshot(monitor: monitor, http: http, services: services, runId: run,
                                                                stale: stale)
                if json {
                    print(JSONCoding.prettyString(status, fallback: "{}"))
                } else {
                    if watch != nil { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    print(StatusReport.text(status, workers: workers))
                }
                guard let watch, !(status.run?.isComplete ?? false) else { return status.needsAttention }
                try await Task.sleep(for: .milliseconds(Int(watch * 1000)))
            }
        }
        if needsPerson { throw ExitCode(Self.attentionStatus) }
    }

    /// The fleet and `runId`'s progress now; the run's ETA from the renderers' measured rate.
    static func snapshot(monitor: QueueMonitor, http: HTTPClient, services: CLIServices, runId: String?,
                         stale: Double) async throws -> (FleetStatus, [WorkerReport]) {
        let queues = try await monitor.snapshot(http: http)
        let workers = try await WorkerRegistry(redis: services.redis).workers()
        let progress = try await runId.asyncMap {
            try await RunProgress.load(runId: $0, state: services.state, stale: stale, layout: services.settings.layout,
                                       frameRate: FleetStatus.frameRate(workers), backlog: Self.backlog(queues))
        } ?? nil
        return (FleetStatus(queues: queues, workers: workers, run: progress), workers)
    }
}

extension StatusCommand {
    /// Messages in line per stage (ready plus in the delay queues) from a queue snapshot, for the stages someone
    /// works through (a consumer on the work queue): a movie whose messages wait where nobody consumes is stuck.
    static func backlog(_ queues: [QueueMonitor.StageQueuesStatus]) -> [Stage: Int] {
        var backlog: [Stage: Int] = [:]
        for queue in queues where queue.consumers > 0 {
            if let stage = Stage(rawValue: queue.stage) { backlog[stage] = queue.ready + queue.retrying }
        }
        return backlog
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): return try await transform(value)
        case .none: return nil
        }
    }
}
