import Models
import Clients
import DreamFrameCore
import Foundation
import Metrics
import Synchronization

/// The runtime's metrics, through swift-metrics (the factory given, by default whatever backend the process
/// bootstrapped; names in ``StageMetricNames``), and the same counts kept in-process for the worker's heartbeat
/// (``WorkerReport``). Every kind × outcome series of the stage exists from the start, at 0.
final class StageMetrics: Sendable {
    enum Outcome: String, CaseIterable {
        case handled, duplicate, retried, deadLettered = "dead_lettered"
    }

    let stage: Stage
    let factory: any MetricsFactory
    private let counters: [String: Counter]
    private let durations: [MessageKind: Metrics.Timer]
    private let inFlightGauge: Meter
    private let prefetchedGauge: Meter
    private let outageGauge: Meter
    private let tally = Mutex<[Outcome: Int]>([:])
    private let running = Atomic<Int>(0)

    /// Messages handled so far, by outcome.
    var outcomes: [Outcome: Int] { tally.withLock { $0 } }

    /// Handlers running now.
    var inFlight: Int { running.load(ordering: .relaxed) }

    init(stage: Stage, factory: any MetricsFactory = MetricsSystem.factory) {
        self.stage = stage
        self.factory = factory
        let kinds = MessageKind.allCases.filter { $0.stage == stage }
        var counters: [String: Counter] = [:]
        for kind in kinds {
            for outcome in Outcome.allCases {
                counters[Self.key(kind.rawValue, outcome)] = Self.counter(stage, kind.rawValue, outcome, factory)
            }
        }
        self.counters = counters
        durations = Dictionary(uniqueKeysWithValues: kinds.map { kind in
            (kind, Metrics.Timer(label: StageMetricNames.handlerDuration,
                                 dimensions: [("stage", stage.rawValue), ("kind", kind.rawValue)], factory: factory))
        })
        let dimensions = [("stage", stage.rawValue)]
        inFlightGauge = Meter(label: StageMetricNames.inFlight, dimensions: dimensions, factory: factory)
        prefetchedGauge = Meter(label: StageMetricNames.prefetched, dimensions: dimensions, factory: factory)
        outageGauge = Meter(label: StageMetricNames.outage, dimensions: dimensions, factory: factory)
        inFlightGauge.set(0)
        prefetchedGauge.set(0)
        outageGauge.set(0)
    }

    /// Counts a handler in (`delta` 1) or out (-1).
    func track(_ delta: Int) {
        running.add(delta, ordering: .relaxed)
        if delta > 0 { inFlightGauge.increment(by: Double(delta)) } else { inFlightGauge.decrement(by: Double(-delta)) }
    }

    /// Counts one message of `kind` (nil: it could not be decoded) finished with `outcome`, and its duration since
    /// `start` when given.
    func record(_ outcome: Outcome, kind: MessageKind?, since start: ContinuousClock.Instant?) {
        tally.withLock { $0[outcome, default: 0] += 1 }
        let kindName = kind?.rawValue ?? "unknown"
        (counters[Self.key(kindName, outcome)] ?? Self.counter(stage, kindName, outcome, factory)).increment()
        if let start, let kind, let timer = durations[kind] {
            timer.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
    }

    /// Sets the gauges that are read rather than counted: the deliveries the consumer holds (`held`, those of
    /// running handlers included) and whether an outage holds the work.
    func sample(heldDeliveries held: Int, outage: Bool) {
        prefetchedGauge.set(max(0, held - inFlight))
        outageGauge.set(outage ? 1 : 0)
    }

    private static func key(_ kind: String, _ outcome: Outcome) -> String { "\(kind)|\(outcome.rawValue)" }

    private static func counter(_ stage: Stage, _ kind: String, _ outcome: Outcome, _ factory: any MetricsFactory) -> Counter {
        Counter(label: StageMetricNames.messages,
                dimensions: [("stage", stage.rawValue), ("kind", kind), ("outcome", outcome.rawValue)], factory: factory)
    }
}
