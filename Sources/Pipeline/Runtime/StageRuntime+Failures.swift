import Models
import Clients
import DreamFrameCore
import Foundation
import Logging

extension StageRuntime {
    /// Republishes the message to the delay queue for this attempt, then acks the original.
    func retry(_ delivery: Delivery, envelope: Envelope, error: Error, attempt: Int,
               started: ContinuousClock.Instant? = nil) async -> Settlement {
        let retryQueue = queues.retryQueue(afterAttempt: attempt)
        var headers = Self.ownHeaders(of: delivery)
        headers[MessageHeaders.attempt] = .int(Int64(attempt + 1))
        headers[MessageHeaders.firstSeen] = headers[MessageHeaders.firstSeen] ?? .string(Self.timestamp())
        headers[MessageHeaders.lastSeen] = .string(Self.timestamp())
        headers[MessageHeaders.error] = .string(Self.headerText("\(error)"))
        let message = OutgoingMessage(exchange: retryQueue.exchange, routingKey: retryQueue.routingKey,
                                      body: delivery.body, messageId: Self.wireId(envelope.id), headers: headers)
        do {
            try await publishHolding([message])
            context.logger.warning("handler failed, retrying", metadata: [
                "message": "\(envelope.id)", "attempt": "\(attempt)", "retry_in": "\(retryQueue.delay)",
                "error": "\(error)",
            ])
            metrics.record(.retried, kind: envelope.kind, since: started)
            return .ack
        } catch {
            context.logger.error("could not schedule a retry; requeueing", metadata: [
                "message": "\(envelope.id)", "error": "\(error)",
            ])
            return .requeue
        }
    }

    /// Publishes the message to the stage's dead-letter queue with the reason in headers, then acks the original.
    func deadLetter(_ delivery: Delivery, envelope: Envelope?, error: Error, attempt: Int,
                    started: ContinuousClock.Instant? = nil) async -> Settlement {
        var headers = Self.ownHeaders(of: delivery)
        let reason = ErrorClassification.kind(of: error) == .permanent ? "\(error)" : "gave up after \(attempt) attempts: \(error)"
        headers[MessageHeaders.stage] = .string(handler.stage.rawValue)
        headers[MessageHeaders.errorClass] = .string(ErrorClassification.className(of: error))
        headers[MessageHeaders.error] = .string(Self.headerText(reason))
        headers[MessageHeaders.attempt] = .int(Int64(attempt))
        headers[MessageHeaders.firstSeen] = headers[MessageHeaders.firstSeen] ?? .string(Self.timestamp())
        headers[MessageHeaders.lastSeen] = .string(Self.timestamp())
        if let envelope {
            headers[MessageHeaders.kind] = .string(envelope.kind.rawValue)
            headers[MessageHeaders.run] = .string(Self.headerText(envelope.movie.runId, maxBytes: 200))
            headers[MessageHeaders.movie] = .string(Self.headerText(envelope.movie.movieId, maxBytes: 200))
        }
        // However long or strange the message's id, its dead letter is publishable: it must never bounce back.
        let id = Self.wireId(envelope?.id ?? delivery.messageId ?? "unidentified-\(UUID().uuidString)")
        let message = OutgoingMessage(exchange: queues.deadExchange, routingKey: queues.deadRoutingKey,
                                      body: delivery.body, messageId: id, headers: headers)
        do {
            try await publishHolding([message])
            context.logger.error("message dead-lettered", metadata: [
                "message": "\(id)", "attempt": "\(attempt)", "queue": "\(queues.deadQueue)", "reason": "\(reason)",
            ])
            metrics.record(.deadLettered, kind: envelope?.kind, since: started)
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

    /// The attempt a delivery says it is, kept within 1…1000 whatever a hand-made header claims (a negative attempt
    /// would otherwise be retried without end).
    static func attempt(of delivery: Delivery) -> Int {
        Int(min(max(delivery.headers[MessageHeaders.attempt]?.intValue ?? 1, 1), 1000))
    }

    /// The headers a retry or dead letter carries on: only the runtime's own (`x-df-…`), so no number of foreign
    /// headers can crowd them out of what the publisher sends; their texts cleaned like every header it writes.
    static func ownHeaders(of delivery: Delivery) -> [String: AMQPFieldValue] {
        delivery.headers.filter { $0.key.hasPrefix("x-df-") }.compactMapValues { value in
            switch value {
            case .string(let text): return .string(headerText(text, maxBytes: 256))
            case .int, .bool, .double: return value
            case .table, .array, .void: return nil
            }
        }
    }

    /// `id` as an AMQP message id: itself when it is a valid message id (``MessageLimits``), else its first 160
    /// bytes with every byte outside the id alphabet (and `/`) as `_`, then `~` and a hash of all of it — still
    /// recognisable, always publishable (AMQP allows 255 bytes) and harmless in a log line.
    static func wireId(_ id: String) -> String {
        guard FieldRules.messageId(id, maxBytes: MessageLimits().maxIdBytes) != nil else { return id }
        let safe = id.utf8.prefix(160).map { FieldRules.isIdByte($0) || $0 == UInt8(ascii: "/") ? $0 : UInt8(ascii: "_") }
        return "\(String(decoding: safe, as: UTF8.self))~\(String(StableHash.fnv1a(id), radix: 16))"
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    /// `text` as an `x-df-` header value: one line with control and bidirectional formatting characters escaped,
    /// at most `maxBytes` bytes (``SafeText/line(_:maxBytes:)``) — a reason may quote a model's answer or a
    /// message's field, and whoever reads the dead letter (`dreamframe replay list`, a log, a terminal) sees it as
    /// text, never as control sequences, and never more of it than this.
    static func headerText(_ text: String, maxBytes: Int = 2000) -> String {
        SafeText.line(text, maxBytes: maxBytes)
    }
}
