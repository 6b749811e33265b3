import DreamFrameCore
import CRabbitMQ
import Foundation
import Logging
import ServiceLifecycle

/// Publishes persistent messages with publisher confirms from one dedicated thread and connection.
///
/// Callers hand over a batch and suspend until every message of it is confirmed by the broker (or failed). Batches from
/// concurrent callers are pipelined on the wire: while one batch waits for its confirms, the next is already published,
/// and one `basic.ack` with `multiple` settles many messages at once. Unroutable messages (`basic.return` of a mandatory
/// publish) and `basic.nack` fail their batch; a message the broker could never accept (an id longer than 255 bytes)
/// fails its batch alone before reaching the wire. After a lost connection, unconfirmed batches and batches not yet
/// written are published again and the thread reconnects — to the next node of a cluster (``AMQPEndpoints``), with
/// backoff once every node failed; batches wait up to `waitForConnection`.
///
/// Lifecycle: a `Service`. ``run()`` starts the thread and returns once it has exited; a graceful shutdown (or
/// ``shutdown()``) publishes what is queued, waits for the outstanding confirms, then closes. Batches published
/// before ``run()`` wait for it (up to `waitForConnection`).
public final class AMQPPublisher: Service, @unchecked Sendable {
    private let endpoints: AMQPEndpoints
    private let logger: Logger
    private let waitForConnection: TimeInterval
    private let thread: ConnectionThread<PublishRequest>
    private let requestIds = Guarded(0)
    private let currentConnectionName = Guarded<String?>(nil)

    // Publisher thread only.
    private var confirms = ConfirmTracker()

    /// The broker's name for the current connection (for operators and tests), nil before the first connect.
    public var connectionName: String? { currentConnectionName.value }

    /// Creates a publisher to one broker with the default heartbeat; it connects once ``run()`` starts its thread.
    public convenience init(url: AMQPURL, logger: Logger, waitForConnection: TimeInterval = 30) {
        self.init(endpoints: AMQPEndpoints(url), logger: logger, waitForConnection: waitForConnection)
    }

    /// Creates a publisher to the first of `endpoints` (the next one after a failure); it connects once ``run()``
    /// starts its thread.
    ///
    /// - Parameter waitForConnection: How long a batch may wait for a connection (before ``run()``, or while the
    ///   broker is away) before it fails with ``BrokerError/connection(_:)``.
    public init(endpoints: AMQPEndpoints, logger: Logger, waitForConnection: TimeInterval = 30) {
        self.endpoints = endpoints
        self.logger = logger
        self.waitForConnection = waitForConnection
        thread = ConnectionThread(name: "amqp-publisher", deadline: { $0.deadline }, fail: { request, failure in
            switch failure {
            case .shutdown: request.continuation.resume(throwing: BrokerError.shutdown)
            case .expired: request.continuation.resume(throwing: BrokerError.connection(
                "no broker connection within \(Int(waitForConnection)) s"))
            }
        })
    }

    /// Runs the publisher thread until a graceful shutdown (or ``shutdown()``) has drained it.
    public func run() async {
        await thread.runAsService { [self] in threadMain() }
    }

    /// Publishes `messages` and returns once the broker confirmed all of them.
    ///
    /// - Throws: ``BrokerError/invalidMessage(_:)`` (permanent) when a message could never be accepted;
    ///   ``BrokerError`` when a message was nacked or unroutable, the broker refused the publish, or no connection
    ///   could be made within `waitForConnection`; ``BrokerError/shutdown`` after the publisher stopped.
    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        for message in messages { try message.validateForWire() }
        let id = requestIds.next()
        let deadline = Date().addingTimeInterval(waitForConnection)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            thread.submit(PublishRequest(id: id, messages: messages, deadline: deadline, continuation: continuation))
        }
    }

    /// Publishes what is queued, waits for outstanding confirms, then closes the connection and ends the thread
    /// (for callers that stop the publisher themselves; a service group does it through graceful shutdown).
    public func shutdown() async {
        await thread.stop()
    }

    // MARK: - Publisher thread

    private func threadMain() {
        var nodes = FailoverCursor(endpoints, connection: "amqp-publisher")
        while !thread.isDrainedAndStopping {
            let node = nodes.current
            do {
                let connection = try nodes.connect()
                defer { connection.close() }
                amqp_confirm_select(connection.state, connection.channel)
                try connection.checkReply("confirm.select")
                currentConnectionName.value = connection.brokerName
                nodes.connected("publisher", logger: logger)
                confirms.reset()
                try runConnected(connection)
                return
            } catch {
                let pause = nodes.failed()
                logger.warning("publisher connection failed, reconnecting", metadata: [
                    "broker": "\(node)", "error": "\(error)", "next_broker": "\(nodes.current)", "retry_in_s": "\(pause)",
                ])
                recover(from: error)
                thread.expireOverdue()
                thread.pause(until: Date().addingTimeInterval(pause))
            }
        }
    }

    /// Settles what was in flight on a connection that failed with `error`.
    private func recover(from error: Error) {
        if case BrokerError.refused(let code, _) = error, code == 404 || code == 403 || code == 406 {
            // The broker rejected what was published (no such exchange, access refused): not worth resending.
            for request in confirms.drain() { request.continuation.resume(throwing: error) }
        } else {
            // The connection died before confirms arrived: publish those batches again on the next one, ahead of
            // anything newer (at-least-once; message ids are deterministic, so a duplicate is harmless downstream).
            thread.putBack(confirms.drain())
        }
    }

    /// Publishes and confirms until a stop is requested and nothing is queued or unconfirmed.
    private func runConnected(_ connection: AMQPConnection) throws {
        while true {
            // Idle: wake at least every second so heartbeats are serviced below.
            let wait = confirms.isEmpty ? Date().addingTimeInterval(1) : Date.distantPast
            let batch = thread.take(waitingUntil: wait)
            if batch.isEmpty && confirms.isEmpty && thread.isDrainedAndStopping { return }
            try send(batch, on: connection)
            // Drain whatever the broker sent; block briefly only when confirms are outstanding.
            var timeout = confirms.isEmpty ? df_timeval(0, 0) : df_timeval(0, 20_000)
            while try readFrame(connection, timeout: &timeout) {
                timeout = df_timeval(0, 0)
            }
        }
    }

    /// Writes every request of `batch`. If the connection fails on one, that request is in flight (the caller puts
    /// it back with the others) and every later one goes back to the queue: none is ever dropped.
    private func send(_ batch: [PublishRequest], on connection: AMQPConnection) throws {
        for (index, request) in batch.enumerated() {
            confirms.begin(request)
            for message in request.messages {
                let status = Self.basicPublish(message, connection: connection)
                guard status == AMQP_STATUS_OK.rawValue else {
                    thread.putBack(batch[(index + 1)...])
                    throw BrokerError.connection("publish: \(String(cString: amqp_error_string2(status)))")
                }
                confirms.published(message, of: request)
            }
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
            resume(confirms.settle(upTo: ack.delivery_tag, multiple: ack.multiple != 0, error: nil))
        case DF_BASIC_NACK:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            resume(confirms.settle(upTo: nack.delivery_tag, multiple: nack.multiple != 0,
                                   error: BrokerError.nacked("the queue did not take the message")))
        case DF_BASIC_RETURN:
            try handleReturn(frame, connection: connection)
        case DF_CHANNEL_CLOSE, DF_CONNECTION_CLOSE:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            throw BrokerError.refused(code: Int(close.reply_code), text: close.reply_text.string)
        default:
            break
        }
        return true
    }

    /// Fails the request whose mandatory message came back unroutable.
    private func handleReturn(_ frame: amqp_frame_t, connection: AMQPConnection) throws {
        let returned = frame.payload.method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
        let reason = "unroutable: exchange '\(returned.exchange.string)' routing key '\(returned.routing_key.string)' "
            + "(\(returned.reply_text.string))"
        var message = amqp_message_t()
        let reply = amqp_read_message(connection.state, frame.channel, &message, 0)
        try AMQPConnection.check(reply, "read returned message")
        let messageId = (message.properties._flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0
            ? message.properties.message_id.string : ""
        amqp_destroy_message(&message)
        confirms.returned(messageId: messageId)?.continuation.resume(throwing: BrokerError.notConfirmed(reason))
    }

    private func resume(_ completed: [(PublishRequest, Error?)]) {
        for (request, error) in completed {
            if let error { request.continuation.resume(throwing: error) } else { request.continuation.resume() }
        }
    }
}
