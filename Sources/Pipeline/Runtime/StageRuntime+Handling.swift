import DreamFrameCore
import Clients
import Foundation
import Logging

extension StageRuntime {
    /// Checks the message at the door (a violation is permanent, and nothing was written for it), claims it, runs
    /// the handler, publishes its outputs with confirms, marks the message done and releases the claim. A copy whose
    /// twin is being handled elsewhere waits for the twin, then looks again.
    func handleOnce(_ envelope: Envelope, logger: Logger) async throws -> StageMetrics.Outcome {
        var wait = Backoff(start: .milliseconds(100), limit: .seconds(2))
        // One claimant per handling, so a copy delivered to this same process also waits for its twin.
        let claimant = "\(owner)-\(handlings.next())"
        // The door's check and the first claim share a round trip; a copy that waited for its twin claims again.
        var claim = try await door.admitAndClaim(envelope, state: context.state, owner: claimant,
                                                 leaseSeconds: options.claimLeaseSeconds)
        while true {
            switch claim {
            case .alreadyDone:
                logger.debug("duplicate delivery dropped")
                return .duplicate
            case .inFlightElsewhere:
                logger.debug("a twin of this message is being handled elsewhere; waiting for it")
                try await Task.sleep(for: wait.next())
            case .claimed(let starts) where starts > options.maxUnfinishedStarts:
                throw PoisonMessageError(starts: starts)
            case .claimed:
                return try await handleClaimed(envelope, claimant: claimant, logger: logger)
            }
            claim = try await context.state.claimMessage(envelope.id, movie: envelope.movie, owner: claimant,
                                                         leaseSeconds: options.claimLeaseSeconds)
        }
    }

    private func handleClaimed(_ envelope: Envelope, claimant: String, logger: Logger) async throws -> StageMetrics.Outcome {
        let renewal = renewer.add(envelope.id, owner: claimant)
        defer { renewer.remove(renewal) }
        do {
            let handling = MessageHandling(MessageInHand(messageId: envelope.id, movie: envelope.movie, owner: claimant))
            let outputs = try await handler.handle(envelope, context: context.handling(handling))
            if let first = handling.finished {
                // The handler's last step finished the message (a fan-in unit that did not complete it): only the
                // ack is left. A handler that still returned messages breaks markFanIn's contract; they are
                // published all the same rather than dropped.
                if !outputs.isEmpty {
                    logger.error("a handler returned messages after its fan-in mark finished the message; publishing them",
                                 metadata: ["published": "\(outputs.count)"])
                    try await context.publisher.publish(outputs.map { try context.topology.outgoing($0) })
                }
                guard first else {
                    logger.debug("duplicate finished: a twin finished this message first while this copy's claim had lapsed",
                                 metadata: ["published": "\(outputs.count)"])
                    return .duplicate
                }
                logger.debug("handled", metadata: ["published": "\(outputs.count)"])
                return .handled
            }
            try await context.publisher.publish(outputs.map { try context.topology.outgoing($0) })
            guard try await context.state.finishMessage(envelope.id, movie: envelope.movie, owner: claimant) else {
                // This copy's claim lapsed while it ran (its host lost Redis for longer than the lease) and a twin
                // finished the message first. Every effect was idempotent and its outputs carry deterministic ids
                // (downstream takes each once; a fan-in claim publishes once whoever wins it): a duplicate.
                logger.debug("duplicate finished: a twin finished this message first while this copy's claim had lapsed",
                             metadata: ["published": "\(outputs.count)"])
                return .duplicate
            }
            logger.debug("handled", metadata: ["published": "\(outputs.count)"])
            return .handled
        } catch {
            // Let a retry or a twin take the message at once instead of waiting out the lease.
            try? await context.state.releaseMessageClaim(envelope.id, movie: envelope.movie, owner: claimant)
            throw error
        }
    }
}

/// A message whose handling began again and again and never ended: it crashed or hung its worker each time.
/// Dead-lettered at once, before it can take the worker (and the deliveries prefetched with it) down again.
struct PoisonMessageError: ClassifiedError, CustomStringConvertible {
    let starts: Int

    var description: String {
        "poison message: its handling began \(starts) times and never finished (the worker died or hung each time)"
    }

    var failureKind: FailureKind { .permanent }
    var failureClass: String { "poison" }
}
