import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe status`: queues per stage and a run's progress with bars and ETA.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show queue depths per stage and a run's progress.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The run id (default: the newest run).")
    var runId: String?

    @Option(name: .customLong("management-url"), help: "RabbitMQ management API root for unacked counts (env DREAMFRAME_MANAGEMENT_URL).")
    var managementURL: String?

    @Option(name: .customLong("watch"), help: "Refresh every N seconds until interrupted (or the run completes).")
    var watch: Double?

    @Option(name: .customLong("stale"), help: "Seconds without progress after which a movie is shown as stuck (default 300).")
    var stale: Double = 300

    @Flag(name: .customLong("json"), help: "Print JSON.")
    var json = false

    func validate() throws {
        if let watch, watch < 0.2 { throw ValidationError("--watch: expected at least 0.2 seconds, got \(watch)") }
        guard stale >= 0, stale.isFinite else { throw ValidationError("--stale: expected seconds >= 0, got \(stale)") }
    }

    func run() async throws {
        let management = managementURL ?? ProcessInfo.processInfo.environment["DREAMFRAME_MANAGEMENT_URL"] ?? "http://127.0.0.1:15673"
        guard let managementRoot = URL(string: management) else {
            throw ValidationError("--management-url: expected a URL such as http://127.0.0.1:15673, got '\(management)'")
        }
        try await withServices(connection) { services in
            let http = HTTPClient()
            defer { http.shutdown() }
            let monitor = QueueMonitor(broker: services.settings.broker, topology: services.settings.topology,
                                       managementURL: managementRoot)
            let runs = try await services.state.runIds()
            let run = runId == nil ? runs.last : try await resolveRunId(runId, state: services.state)
            while true {
                let queues = try await monitor.snapshot(http: http)
                let workers = try await WorkerRegistry(redis: services.redis).workers()
                let progress = try await run.asyncMap {
                    try await RunProgress.load(runId: $0, state: services.state, stale: stale, layout: services.settings.layout)
                } ?? nil
                if json {
                    print(StatusReport.json(queues: queues, workers: workers, progress: progress))
                } else {
                    if watch != nil { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    print(StatusReport.text(queues: queues, workers: workers, progress: progress))
                }
                guard let watch, !(progress?.isComplete ?? false) else { break }
                try await Task.sleep(for: .milliseconds(Int(watch * 1000)))
            }
        }
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
