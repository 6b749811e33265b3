import Foundation
import Models

/// What `dreamframe status --json` prints (and the console shows): per stage its queues, the processes consuming
/// it on every host, their rate over the last minute, what they hold and for how long, its dead letters; the run's
/// progress with ETA or duration; and why a person is needed, if anything needs one.
///
/// The JSON is versioned (``version``): fields are only ever added within a version.
public struct FleetStatus: Codable, Sendable {
    /// The JSON's version.
    public static let currentVersion = 1

    /// One stage process, from its heartbeat.
    public struct Process: Codable, Sendable, Equatable {
        /// The process's heartbeat token (host, pid and a random part).
        public var token: String
        /// The host name it reports.
        public var host: String
        /// Its pid on that host.
        public var pid: Int32
        /// When it started (Unix seconds).
        public var startedAt: Double
        /// Handlers running now.
        public var inFlight: Int
        /// Messages handled since it started.
        public var handled: Int
        /// Messages handled per second over the last minute (nil until measured).
        public var handledPerSecond: Double?
        /// How long its oldest running delivery has been held unacknowledged, in seconds.
        public var oldestUnackedSeconds: Double?
        /// Why it holds its work (broker or Redis unreachable); nil when healthy.
        public var outage: String?
    }

    /// One stage.
    public struct StageStatus: Codable, Sendable {
        /// The stage's name.
        public var stage: String
        /// Its work queue.
        public var queue: String
        /// Messages ready in the work queue.
        public var ready: Int
        /// Delivered and not yet acknowledged (management API; nil when it cannot be reached).
        public var unacked: Int?
        /// Consumers the broker counts on the work queue.
        public var consumers: Int
        /// Messages waiting in the delay queues.
        public var retrying: Int
        /// Messages in the dead-letter queue.
        public var dead: Int
        /// The live processes of the stage, by host then pid.
        public var processes: [Process]
        /// The hosts they run on.
        public var hosts: [String]
        /// Their handled messages per second over the last minute, summed.
        public var handledPerSecond: Double
        /// Handlers running now across the processes.
        public var inFlight: Int
        /// The oldest delivery any of them holds, in seconds (nil when none holds one).
        public var oldestUnackedSeconds: Double?
    }

    /// The JSON's version (``currentVersion``).
    public var version: Int
    /// When it was taken (Unix seconds).
    public var generatedAt: Double
    /// Every stage, in pipeline order.
    public var stages: [StageStatus]
    /// The run asked about (or the newest); nil when there is none.
    public var run: RunProgress?
    /// What needs a person: dead letters per stage, stuck movies. Empty when nothing does.
    public var attention: [String]

    /// Whether something needs a person (`status` then exits 2).
    public var needsAttention: Bool { !attention.isEmpty }

    /// Puts the pieces together as of `now`.
    public init(queues: [QueueMonitor.StageQueuesStatus], workers: [WorkerReport], run: RunProgress?,
                now: Double = Date().timeIntervalSince1970) {
        version = Self.currentVersion
        generatedAt = now
        stages = queues.map { queue in
            let own = workers.filter { $0.stage.rawValue == queue.stage }
            let processes = own.map { worker in
                Process(token: worker.token, host: worker.host, pid: worker.pid, startedAt: worker.startedAt,
                        inFlight: worker.activity.inFlight, handled: worker.activity.handled,
                        handledPerSecond: worker.activity.handledPerSecond,
                        oldestUnackedSeconds: worker.activity.oldestInFlightSince.map { max(0, now - $0) },
                        outage: worker.activity.outage)
            }
            return StageStatus(stage: queue.stage, queue: queue.queue, ready: queue.ready, unacked: queue.unacked,
                               consumers: queue.consumers, retrying: queue.retrying, dead: queue.dead,
                               processes: processes, hosts: Array(Set(processes.map(\.host))).sorted(),
                               handledPerSecond: processes.compactMap(\.handledPerSecond).reduce(0, +),
                               inFlight: processes.map(\.inFlight).reduce(0, +),
                               oldestUnackedSeconds: processes.compactMap(\.oldestUnackedSeconds).max())
        }
        self.run = run
        var attention = stages.filter { $0.dead > 0 }.map {
            "\($0.dead) dead letter(s) in \($0.stage) (dreamframe replay list --stage \($0.stage))"
        }
        if let run, run.stuckMovies > 0 {
            attention.append("\(run.stuckMovies) movie(s) of \(run.runId) without progress (dreamframe repair \(run.runId))")
        }
        self.attention = attention
    }

    /// The frame renderers' measured rate (frames per second over the last minute), for a run's ETA; nil when no
    /// renderer has measured one yet.
    public static func frameRate(_ workers: [WorkerReport]) -> Double? {
        let rates = workers.filter { $0.stage == .frameRenderer }.compactMap(\.activity.handledPerSecond)
        return rates.isEmpty ? nil : rates.reduce(0, +)
    }
}
