import Foundation
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
        for worker in workers {
            guard let outage = worker.activity.outage else { continue }
            let lasting = worker.activity.outageSince.map { duration(now.timeIntervalSince1970 - $0) } ?? "?"
            lines.append("  OUTAGE \(worker.stage.rawValue) \(worker.host) pid \(worker.pid): holding work for \(lasting): \(outage)")
        }
        return lines
    }
}
