import Models
import Clients
import DreamFrameCore
import Foundation
import Logging
import Metrics

/// The one runtime every stage executable runs: it consumes the stage's work queue and, for each delivery,
/// drops duplicates, runs the handler, publishes its outputs with confirms, records the message as done and acks.
///
/// Failures never lose a message: a transient error republishes it to a delay queue with the attempt count raised,
/// a permanent one (or the last attempt) publishes it to the stage's dead-letter queue with headers saying why; only
/// after that publish is confirmed is the original acked. If even that publish fails, the delivery is requeued.
public final class StageRuntime: Sendable {
    public let handler: any StageHandler
    public let options: RuntimeOptions
    let context: StageContext
    let queues: StageQueues
    let metrics: StageMetrics
    /// The check every message passes before any effect (it remembers the runs it has seen).
    let door: MessageCheck
    /// Whether the broker and Redis are reachable from this runtime (for logs, health checks and tests).
    public let outages = OutageMonitor()
    /// Who this runtime is in message claims: unique per process and runtime.
    let owner = "\(ProcessToken.current)-\(UUID().uuidString.prefix(4).lowercased())"
    let shuttingDown = Flag()
    /// Numbers this runtime's handlings, for their claimant ids.
    let handlings = HandlingCounter()
    /// Renews the claims of the messages being handled.
    let renewer: ClaimRenewer
    /// When each running handler began.
    let inFlightClock = InFlightClock()

    /// A runtime for `handler`; its metrics go to `metricsFactory` (by default the process's swift-metrics backend).
    public init(handler: any StageHandler, options: RuntimeOptions, context: StageContext,
                metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.handler = handler
        self.options = options
        self.context = context
        self.queues = context.topology.queues(for: handler.stage)
        self.metrics = StageMetrics(stage: handler.stage, factory: metricsFactory)
        self.door = MessageCheck(limits: options.messageLimits)
        self.renewer = ClaimRenewer(state: context.state, leaseSeconds: options.claimLeaseSeconds)
    }

    /// Consumes until `consumer.deliveries` ends, with at most `options.concurrency` handlers at once; returns after
    /// every started handler finished and was settled.
    public func run(consumer: any DeliverySource) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await delivery in consumer.deliveries {
                if shuttingDown.isSet {
                    // Prefetched but not started: hand it back untouched.
                    consumer.settle(delivery, .requeue)
                    continue
                }
                await outages.waitUntilHealthy()
                if running >= options.concurrency {
                    await group.next()
                    running -= 1
                    if shuttingDown.isSet {
                        // Shutdown began while this delivery waited for a slot: it was never started.
                        consumer.settle(delivery, .requeue)
                        continue
                    }
                }
                running += 1
                group.addTask {
                    self.metrics.track(1)
                    let started = self.inFlightClock.begin()
                    defer {
                        self.inFlightClock.end(started)
                        self.metrics.track(-1)
                    }
                    let settlement = await self.process(delivery)
                    consumer.settle(delivery, settlement)
                }
            }
            await group.waitForAll()
        }
    }

    /// What this runtime is doing, for the worker's heartbeat: handlers running, outcomes so far, outage.
    public func activity() -> WorkerReport.Activity {
        let outcomes = metrics.outcomes
        return WorkerReport.Activity(inFlight: metrics.inFlight, handled: outcomes[.handled] ?? 0,
                                     duplicates: outcomes[.duplicate] ?? 0, retried: outcomes[.retried] ?? 0,
                                     deadLettered: outcomes[.deadLettered] ?? 0, outage: outages.current?.reason,
                                     outageSince: outages.current?.since.timeIntervalSince1970,
                                     models: Self.modelUsage(ModelUsageCounter.process.snapshot),
                                     oldestInFlightSince: inFlightClock.oldest)
    }

    /// The process's model usage, or nil when it has used no model server.
    static func modelUsage(_ usage: ModelUsage) -> ModelUsage? {
        usage.calls + usage.cacheHits + usage.cacheMisses == 0 ? nil : usage
    }

    /// Sets the metrics that are sampled rather than counted (before a scrape): `heldDeliveries` is what the
    /// consumer holds unsettled (``Clients/AMQPConsumer/heldDeliveries``).
    public func sampleMetrics(heldDeliveries: Int) {
        metrics.sample(heldDeliveries: heldDeliveries, outage: outages.current != nil)
    }

    /// Whether this runtime has begun its graceful shutdown.
    public var isShuttingDown: Bool { shuttingDown.isSet }

    /// Stops starting new handlers; in-flight ones finish.
    public func beginShutdown() {
        shuttingDown.set()
        outages.stopWaiting()
    }

    /// Handles one delivery end to end and says how to settle it.
    ///
    /// Failures never lose a message: an outage (broker or Redis unreachable) holds the delivery and retries it
    /// after a backoff without counting an attempt; a transient error republishes it to a delay queue with the
    /// attempt raised; a permanent one (or the last attempt) goes to the dead-letter queue with its reason.
    public func process(_ delivery: Delivery) async -> Settlement {
        let started = ContinuousClock.now
        let attempt = Self.attempt(of: delivery)
        let envelope: Envelope
        do {
            envelope = try Envelope.decode(delivery.body, maxBytes: options.messageLimits.maxBodyBytes)
            guard envelope.kind.stage == handler.stage else {
                throw MessageDecodingError(description: "message kind '\(envelope.kind.rawValue)' belongs to stage '\(envelope.kind.stage.rawValue)', not '\(handler.stage.rawValue)'")
            }
        } catch {
            return await deadLetter(delivery, envelope: nil, error: error, attempt: attempt, started: started)
        }
        var logger = context.logger
        logger[metadataKey: "message"] = "\(envelope.id)"
        logger[metadataKey: "attempt"] = "\(attempt)"
        var hold = outages.backoff()
        while true {
            do {
                let outcome = try await handleOnce(envelope, logger: logger)
                outages.recovered(logger: logger)
                metrics.record(outcome, kind: envelope.kind, since: started)
                return .ack
            } catch where ErrorClassification.kind(of: error) == .outage {
                outages.report(error, logger: logger)
                guard !shuttingDown.isSet else { return .requeue }
                try? await Task.sleep(for: hold.next())
            } catch {
                outages.recovered(logger: logger)
                if ErrorClassification.kind(of: error) == .permanent || attempt >= options.maxAttempts {
                    return await deadLetter(delivery, envelope: envelope, error: error, attempt: attempt,
                                            started: started)
                }
                return await retry(delivery, envelope: envelope, error: error, attempt: attempt, started: started)
            }
        }
    }
}

/// A thread-safe boolean that only goes from false to true.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A thread-safe counter: 0, 1, 2, …
final class HandlingCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
