import ArgumentParser
import DreamFrameCLI
import Foundation
import Pipeline

/// `dreamframe bench chain`: N items through a five-stage no-op chain on the real stage runtime — durable quorum
/// queues, persistent messages, publisher confirms before every ack, the door check, claims and done-marks in
/// Redis — printing items/s, stage messages/s, this process's CPU per message and the latency per item.
///
/// It fills the stage queues of the broker it is given and writes a run of `--items` movies to its Redis: point it
/// at services of its own (`ops/bench-chain.sh` starts them).
struct BenchChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chain", abstract: "Items through a 5-stage no-op chain on the real stage runtime.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("items"), help: "Items (movies) sent through the chain; each is 5 stage messages.")
    var items = 10_000

    @Option(name: .customLong("window"), help: "Items in flight at most (a new one starts as one finishes).")
    var window = 1_000

    @Option(name: .customLong("concurrency"), help: "Handlers at once per stage.")
    var concurrency = 64

    @Option(name: .customLong("prefetch"), help: "Unacknowledged deliveries per stage (default 2 x concurrency).")
    var prefetch: Int?

    @Option(name: .customLong("json"), help: "Append the figures as one JSON line to this file.")
    var json: String?

    func validate() throws {
        guard items >= 10 else { throw ValidationError("--items: expected at least 10, got \(items)") }
        guard window >= 1 else { throw ValidationError("--window: expected at least 1, got \(window)") }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency: expected 1...4096, got \(concurrency)") }
    }

    func run() async throws {
        let figures = try await withServices(connection) { services in
            let bench = ChainBench(settings: services.settings, logger: services.logger, items: items, window: window,
                                   options: RuntimeOptions(concurrency: concurrency, prefetch: prefetch))
            return try await bench.run(setup: services)
        }
        let messages = Double(items * Stage.allCases.count)
        let p50 = BenchFigures.quantile(figures.latencies, 0.5), p99 = BenchFigures.quantile(figures.latencies, 0.99)
        var outcomes: [String: [String: Int]] = [:]
        for (stage, activity) in figures.outcomes {
            outcomes[stage.rawValue] = ["handled": activity.handled, "duplicates": activity.duplicates,
                                        "retried": activity.retried, "dead_lettered": activity.deadLettered]
        }
        print(String(format: "chain: %d items (%d stage messages) in %.2f s = %.0f items/s, %.0f messages/s", items,
                     Int(messages), figures.wall, Double(items) / figures.wall, messages / figures.wall))
        print(String(format: "chain: %.1f µs CPU per message in this process (%.2f cores); latency per item p50 %.1f ms, p99 %.1f ms (window %d, concurrency %d per stage)",
                     1e6 * figures.cpu / messages, figures.cpu / figures.wall, 1000 * p50, 1000 * p99, window, concurrency))
        for stage in Stage.allCases {
            guard let o = outcomes[stage.rawValue] else { continue }
            print("chain: \(stage.rawValue): handled \(o["handled"] ?? 0), duplicates \(o["duplicates"] ?? 0), retried \(o["retried"] ?? 0), dead-lettered \(o["dead_lettered"] ?? 0)")
        }
        try BenchFigures.append([
            "bench": "chain", "items": items, "messages": Int(messages), "wall_s": figures.wall,
            "items_per_s": Double(items) / figures.wall, "messages_per_s": messages / figures.wall,
            "cpu_s": figures.cpu, "cpu_us_per_message": 1e6 * figures.cpu / messages,
            "latency_p50_ms": 1000 * p50, "latency_p99_ms": 1000 * p99, "window": window, "concurrency": concurrency,
            "outcomes": outcomes,
        ], to: json)
    }
}
