import Clients
import Foundation
import Logging
import ServiceLifecycle

/// Writes this stage process's ``WorkerReport`` to the ``WorkerRegistry`` every `interval` (lifetime three
/// intervals) until shutdown, then removes it. A failed write (Redis unreachable) is skipped: the report expires and
/// `status` stops listing the process until Redis is back.
public struct WorkerHeartbeat: Service {
    let registry: WorkerRegistry
    let runtime: StageRuntime
    let interval: Duration
    let logger: Logger
    let token: String

    public init(registry: WorkerRegistry, runtime: StageRuntime, interval: Duration = .seconds(5), logger: Logger,
                token: String = ProcessToken.current) {
        self.registry = registry
        self.runtime = runtime
        self.interval = interval
        self.logger = logger
        self.token = token
    }

    public func run() async throws {
        let started = Date().timeIntervalSince1970
        let host = ProcessInfo.processInfo.hostName
        try? await cancelWhenGracefulShutdown {
            var rate = RateWindow(span: 60)
            while !Task.isCancelled {
                let now = Date().timeIntervalSince1970
                var activity = runtime.activity()
                rate.add(time: now, count: activity.handled)
                activity.handledPerSecond = rate.perSecond
                let report = WorkerReport(token: token, stage: runtime.handler.stage, host: host, pid: getpid(),
                                          startedAt: started, seenAt: now, activity: activity)
                do {
                    try await registry.publish(report, lifetime: interval * 3)
                } catch {
                    logger.debug("heartbeat not written", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
        try? await registry.remove(token: token)
    }
}
