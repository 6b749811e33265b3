import DreamFrameCore
import CRabbitMQ
import Foundation
import Logging

/// Publishes persistent messages with publisher confirms from one dedicated thread and connection.
///
/// Callers hand over a batch and suspend until every message of it is confirmed by the broker (or failed). Batches from
/// concurrent callers are pipelined on the wire: while one batch waits for its confirms, the next is already published,
/// and one `basic.ack` with `multiple` settles many messages at once. Unroutable messages (`basic.return` of a mandatory
/// publish) and `basic.nack` fail their batch. After a lost connection, unconfirmed batches are published again
/// and the thread reconnects with backoff; batches submitted meanwhile wait up to ``waitForConnection``.
public final class AMQPPublisher: @unchecked Sendable {
    private struct Request {
        let id: Int
        let messages: [OutgoingMessage]
        let deadline: Date
        let continuation: CheckedContinuation<Void, Error>
    }

    private struct InFlight {
        var remaining: Int
        let request: Request
        var continuation: CheckedContinuation<Void, Error> { request.continuation }
    }

    private let url: AMQPURL
    private let logger: Logger
    private let waitForConnection: TimeInterval
    private let condition = NSCondition()
    private var queue: [Request] = []
    private var nextRequestId = 0
    private var stopping = false
    private var stopped = false
    private var thread: Thread?
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []
    private var currentConnectionName: String?

    /// The broker's name for the current connection (for operators and tests), nil before the first connect.
    public var connectionName: String? {
        condition.lock()
        defer { condition.unlock() }
        return currentConnectionName
    }

    // Owned by the publisher thread only.
    private var inFlight: [Int: InFlight] = [:]
    private var tagToRequest: [UInt64: Int] = [:]
    private var messageIdToRequest: [String: Int] = [:]
    private var lowestUnconfirmed: UInt64 = 1
    private var nextTag: UInt64 = 1

    /// Starts the publisher thread; it connects in the background.
    public init(url: AMQPURL, logger: Logger, waitForConnection: TimeInterval = 30) {
        self.url = url
        self.logger = logger
        self.waitForConnection = waitForConnection
        let thread = Thread { [unowned self] in self.threadMain() }
        thread.name = "amqp-publisher"
        self.thread = thread
        thread.start()
    }

    /// Publishes `messages` and returns once the broker confirmed all of them.
    ///
    /// - Throws: ``BrokerError`` when a message was nacked or unroutable, the connection was lost before confirms
    ///   arrived, or no connection could be made within ``waitForConnection``.
    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            enqueue(messages, continuation)
        }
    }

    private func enqueue(_ messages: [OutgoingMessage], _ continuation: CheckedContinuation<Void, Error>) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else {
            continuation.resume(throwing: BrokerError.shutdown)
            return
        }
        nextRequestId += 1
        queue.append(Request(id: nextRequestId, messages: messages,
                             deadline: Date().addingTimeInterval(waitForConnection), continuation: continuation))
        condition.signal()
    }

    /// Publishes what is queued, waits for outstanding confirms, then closes the connection and ends the thread.
    public func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            if registerExitWaiter(waiter) { waiter.resume() }
        }
    }

    /// Asks the thread to stop; returns true when it already has.
    private func registerExitWaiter(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        if stopped { return true }
        exitWaiters.append(waiter)
        return false
    }

    private func threadMain() {
        var backoff: TimeInterval = 0.1
        while true {
            condition.lock()
            let exit = stopping && queue.isEmpty
            condition.unlock()
            if exit { break }
            do {
                let connection = try AMQPConnection(url: url)
                amqp_confirm_select(connection.state, connection.channel)
                try connection.checkReply("confirm.select")
                backoff = 0.1
                condition.lock()
                currentConnectionName = connection.brokerName
                condition.unlock()
                logger.debug("publisher connected", metadata: ["broker": "\(url)"])
                nextTag = 1
                lowestUnconfirmed = 1
                try runConnected(connection)
                connection.close()
                break
            } catch {
                logger.warning("publisher connection failed, reconnecting", metadata: [
                    "error": "\(error)", "retry_in_s": "\(backoff)",
                ])
                if case BrokerError.refused(let code, _) = error, code == 404 || code == 403 || code == 406 {
                    // The broker rejected what was published (no such exchange, access refused): not worth resending.
                    failInFlight(error)
                } else {
                    // The connection died before confirms arrived: publish those batches again on the next one
                    // (at-least-once; message ids are deterministic, so a duplicate is harmless downstream).
                    requeueInFlight()
                }
                expireWaiting()
                condition.lock()
                if !(stopping && queue.isEmpty) { _ = condition.wait(until: Date().addingTimeInterval(backoff)) }
                condition.unlock()
                backoff = min(backoff * 2, 5)
            }
        }
        failInFlight(BrokerError.shutdown)
        condition.lock()
        stopped = true
        let leftovers = queue
        queue.removeAll()
        let waiters = exitWaiters
        exitWaiters.removeAll()
        condition.unlock()
        for request in leftovers { request.continuation.resume(throwing: BrokerError.shutdown) }
        waiters.forEach { $0.resume() }
    }

    private func runConnected(_ connection: AMQPConnection) throws {
        while true {
            condition.lock()
            if queue.isEmpty && inFlight.isEmpty {
                if stopping {
                    condition.unlock()
                    return
                }
                // Idle: wake at least every second so heartbeats are serviced below.
                _ = condition.wait(until: Date().addingTimeInterval(1))
            }
            let batch = queue
            queue.removeAll()
            condition.unlock()

            for request in batch { try send(request, on: connection) }
            // Drain whatever the broker sent; block briefly only when confirms are outstanding.
            var timeout = inFlight.isEmpty ? df_timeval(0, 0) : df_timeval(0, 20_000)
            while try readFrame(connection, timeout: &timeout) {
                timeout = df_timeval(0, 0)
            }
        }
    }

    private func send(_ request: Request, on connection: AMQPConnection) throws {
        inFlight[request.id] = InFlight(remaining: request.messages.count, request: request)
        for message in request.messages {
            let status = Self.basicPublish(message, connection: connection)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw BrokerError.connection("publish: \(String(cString: amqp_error_string2(status)))")
            }
            tagToRequest[nextTag] = request.id
            messageIdToRequest[message.messageId] = request.id
            nextTag += 1
        }
    }

    /// Reads one frame if one arrives within `timeout`; returns false on timeout.
    private func readFrame(_ connection: AMQPConnection, timeout: inout timeval) throws -> Bool {
        var frame = amqp_frame_t()
        let status = amqp_simple_wait_frame_noblock(connection.state, &frame, &timeout)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return false }
        guard status == AMQP_STATUS_OK.rawValue else {
            throw BrokerError.connection("publisher lost the connection: \(String(cString: amqp_error_string2(status)))")
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return true }
        let method = frame.payload.method
        switch method.id {
        case DF_BASIC_ACK:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            settle(upTo: ack.delivery_tag, multiple: ack.multiple != 0, error: nil)
        case DF_BASIC_NACK:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            settle(upTo: nack.delivery_tag, multiple: nack.multiple != 0,
                   error: BrokerError.notConfirmed("the broker nacked the message"))
        case DF_BASIC_RETURN:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let reason = "unroutable: exchange '\(returned.exchange.string)' routing key '\(returned.routing_key.string)' (\(returned.reply_text.string))"
            var message = amqp_message_t()
            let reply = amqp_read_message(connection.state, frame.channel, &message, 0)
            try AMQPConnection.check(reply, "read returned message")
            let messageId = (message.properties._flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0
                ? message.properties.message_id.string : ""
            amqp_destroy_message(&message)
            if let requestId = messageIdToRequest[messageId], let request = inFlight.removeValue(forKey: requestId) {
                request.continuation.resume(throwing: BrokerError.notConfirmed(reason))
            }
        case DF_CHANNEL_CLOSE, DF_CONNECTION_CLOSE:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            throw BrokerError.refused(code: Int(close.reply_code), text: close.reply_text.string)
        default:
            break
        }
        return true
    }

    private func settle(upTo tag: UInt64, multiple: Bool, error: Error?) {
        let tags: [UInt64] = multiple ? Array(lowestUnconfirmed...max(tag, lowestUnconfirmed)) : [tag]
        for t in tags {
            guard let requestId = tagToRequest.removeValue(forKey: t) else { continue }
            guard var request = inFlight[requestId] else { continue }
            if let error {
                inFlight.removeValue(forKey: requestId)
                request.continuation.resume(throwing: error)
                continue
            }
            request.remaining -= 1
            if request.remaining == 0 {
                inFlight.removeValue(forKey: requestId)
                request.continuation.resume()
            } else {
                inFlight[requestId] = request
            }
        }
        while lowestUnconfirmed < nextTag && tagToRequest[lowestUnconfirmed] == nil { lowestUnconfirmed += 1 }
        if inFlight.isEmpty { messageIdToRequest.removeAll(keepingCapacity: true) }
    }

    private func requeueInFlight() {
        let pending = inFlight.values.map(\.request).sorted { $0.id < $1.id }
        inFlight.removeAll()
        tagToRequest.removeAll()
        messageIdToRequest.removeAll()
        condition.lock()
        queue.insert(contentsOf: pending, at: 0)
        condition.unlock()
    }

    private func failInFlight(_ error: Error) {
        for (_, request) in inFlight { request.continuation.resume(throwing: error) }
        inFlight.removeAll()
        tagToRequest.removeAll()
        messageIdToRequest.removeAll()
    }

    private func expireWaiting() {
        condition.lock()
        let now = Date()
        let expired = queue.filter { $0.deadline < now }
        queue.removeAll { $0.deadline < now }
        condition.unlock()
        for request in expired {
            request.continuation.resume(throwing: BrokerError.connection("no broker connection within \(Int(waitForConnection)) s"))
        }
    }
}
