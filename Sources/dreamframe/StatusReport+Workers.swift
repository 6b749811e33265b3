import Foundation
import Models
import Pipeline

extension StatusReport {
    /// The live stage processes per stage, and each one holding work because the broker or Redis is unreachable.
    static func workerLines(_ workers: [WorkerReport], now: Date = Date()) -> [String] {
        guard !workers.isEmpty else { return ["workers: none reporting (no stage process is running, or none can reach Redis)"] }
        var lines = ["workers:"]
        for stage in Stage.allCases {
            let own = workers.filter { $0.stage == stage }
            guard !own.isEmpty else {
                lines.append("  " + pad(stage.rawValue, 16) + "none")
                continue
            }
            let hosts = Set(own.map(\.host)).count
            let inFlight = own.map(\.activity.inFlight).reduce(0, +)
            let handled = own.map(\.activity.handled).reduce(0, +)
            lines.append("  " + pad(stage.rawValue, 16) + "\(own.count) process\(own.count == 1 ? "" : "es") on \(hosts) host\(hosts == 1 ? "" : "s"), \(inFlight) in flight, \(handled) handled")
        }
        for stage in Stage.allCases {
            let usages = workers.filter { $0.stage == stage }.compactMap(\.activity.models)
            guard !usages.isEmpty else { continue }
            lines.append("  " + pad(stage.rawValue, 16) + modelLine(usages))
        }
        for worker in workers {
            guard let outage = worker.activity.outage else { continue }
            let lasting = worker.activity.outageSince.map { duration(now.timeIntervalSince1970 - $0) } ?? "?"
            lines.append("  OUTAGE \(worker.stage.rawValue) \(worker.host) pid \(worker.pid): holding work for \(lasting): \(outage)")
        }
        return lines
    }

    /// `model: 120 calls, cache 30 hits / 120 misses (20%), 51234 tokens, 3 rate-limit waits (12 s), 0 errors`.
    static func modelLine(_ usages: [ModelUsage]) -> String {
        var total = ModelUsage()
        for usage in usages {
            total.calls += usage.calls
            total.cacheHits += usage.cacheHits
            total.cacheMisses += usage.cacheMisses
            total.promptTokens += usage.promptTokens
            total.completionTokens += usage.completionTokens
            total.rateLimitWaits += usage.rateLimitWaits
            total.rateLimitWaitSeconds += usage.rateLimitWaitSeconds
            total.errors += usage.errors
        }
        return "model: \(total.calls) calls, cache \(total.cacheHits) hits / \(total.cacheMisses) misses "
            + "(\(Int((total.cacheHitRate * 100).rounded()))%), \(total.promptTokens + total.completionTokens) tokens, "
            + "\(total.rateLimitWaits) rate-limit waits (\(Int(total.rateLimitWaitSeconds)) s), \(total.errors) errors"
    }
}
