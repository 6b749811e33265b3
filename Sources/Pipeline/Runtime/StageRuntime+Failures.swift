import Models
import Clients
import DreamFrameCore
import Foundation
import Logging

extension StageRuntime {
    /// Republishes the message to the delay queue for this attempt, then acks the original.
    func retry(_ delivery: Delivery, envelope: Envelope, error: Error, attempt: Int) async -> Settlement {
        let retryQueue = queues.retryQueue(afterAttempt: attempt)
        var headers = delivery.headers
        headers[MessageHeaders.attempt] = .int(Int64(attempt + 1))
        headers[MessageHeaders.firstSeen] = headers[MessageHeaders.firstSeen] ?? .string(Self.timestamp())
        headers[MessageHeaders.lastSeen] = .string(Self.timestamp())
        headers[MessageHeaders.error] = .string(Self.truncate("\(error)"))
        headers["x-death"] = nil
        let message = OutgoingMessage(exchange: retryQueue.exchange, routingKey: retryQueue.routingKey,
                                      body: delivery.body, messageId: envelope.id, headers: headers)
        do {
            try await publishHolding([message])
            context.logger.warning("handler failed, retrying", metadata: [
                "message": "\(envelope.id)", "attempt": "\(attempt)", "retry_in": "\(retryQueue.delay)",
                "error": "\(error)",
            ])
            metrics.record(.retried, since: nil)
            return .ack
        } catch {
            context.logger.error("could not schedule a retry; requeueing", metadata: [
                "message": "\(envelope.id)", "error": "\(error)",
            ])
            return .requeue
        }
    }

    /// Publishes the message to the stage's dead-letter queue with the reason in headers, then acks the original.
    func deadLetter(_ delivery: Delivery, envelope: Envelope?, error: Error, attempt: Int) async -> Settlement {
        var headers = delivery.headers
        let reason = ErrorClassification.kind(of: error) == .permanent ? "\(error)" : "gave up after \(attempt) attempts: \(error)"
        headers[MessageHeaders.stage] = .string(handler.stage.rawValue)
        headers[MessageHeaders.errorClass] = .string(ErrorClassification.className(of: error))
        headers[MessageHeaders.error] = .string(Self.truncate(reason))
        headers[MessageHeaders.attempt] = .int(Int64(attempt))
        headers[MessageHeaders.firstSeen] = headers[MessageHeaders.firstSeen] ?? .string(Self.timestamp())
        headers[MessageHeaders.lastSeen] = .string(Self.timestamp())
        if let envelope {
            headers[MessageHeaders.kind] = .string(envelope.kind.rawValue)
            headers[MessageHeaders.run] = .string(envelope.movie.runId)
            headers[MessageHeaders.movie] = .string(envelope.movie.movieId)
        }
        headers["x-death"] = nil
        let id = envelope?.id ?? delivery.messageId ?? "unidentified-\(UUID().uuidString)"
        let message = OutgoingMessage(exchange: queues.deadExchange, routingKey: queues.deadRoutingKey,
                                      body: delivery.body, messageId: id, headers: headers)
        do {
            try await publishHolding([message])
            context.logger.error("message dead-lettered", metadata: [
                "message": "\(id)", "attempt": "\(attempt)", "queue": "\(queues.deadQueue)", "reason": "\(reason)",
            ])
            metrics.record(.deadLettered, since: nil)
            return .ack
        } catch {
            context.logger.error("could not dead-letter; requeueing", metadata: ["message": "\(id)", "error": "\(error)"])
            return .requeue
        }
    }

    /// Publishes `messages`; through an outage, holds and tries again with backoff (not while shutting down).
    func publishHolding(_ messages: [OutgoingMessage]) async throws {
        var hold = outages.backoff()
        while true {
            do {
                try await context.publisher.publish(messages)
                outages.recovered(logger: context.logger)
                return
            } catch where ErrorClassification.kind(of: error) == .outage && !shuttingDown.isSet {
                outages.report(error, logger: context.logger)
                try? await Task.sleep(for: hold.next())
            }
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    static func truncate(_ text: String, to limit: Int = 2000) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
