import DreamFrameCore
import CRabbitMQ
import Foundation
import Logging

/// Consumes one queue from one dedicated thread and connection, with manual acknowledgements.
///
/// Deliveries are copied into Swift values and handed out through ``deliveries``; handlers run elsewhere and report
/// back through ``settle(_:_:)``, and the consumer thread sends those acks between its short consume calls (acks must
/// travel on the channel that received the delivery). No handler ever runs on this thread, so heartbeats keep flowing
/// however long a handler takes. After a lost connection the thread reconnects with backoff; settlements for
/// deliveries of the old connection are dropped because the broker has already requeued them.
public final class AMQPConsumer: @unchecked Sendable {
    /// Every delivery, across reconnects; finishes after ``stopConsuming()``.
    public let deliveries: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation

    private let url: AMQPURL
    private let queueName: String
    private let prefetch: UInt16
    private let logger: Logger
    private let lock = NSLock()
    private var pending: [(tag: UInt64, generation: Int, settlement: Settlement)] = []
    private var stopRequested = false
    private var closeRequested = false
    private var finished = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []
    private var currentConnectionName: String?

    /// The broker's name for the current connection (for operators and tests), nil before the first connect.
    public var connectionName: String? { lock.withLock { currentConnectionName } }
    private var generation = 0
    private var onConnect: (@Sendable () -> Void)?
    private let consumerTag = "dreamframe-\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// Starts consuming `queue` with at most `prefetch` unacknowledged deliveries.
    public init(url: AMQPURL, queue: String, prefetch: Int, logger: Logger, onConnect: (@Sendable () -> Void)? = nil) {
        self.url = url
        self.queueName = queue
        self.prefetch = UInt16(clamping: max(1, prefetch))
        self.logger = logger
        self.onConnect = onConnect
        (deliveries, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
        let thread = Thread { [unowned self] in self.threadMain() }
        thread.name = "amqp-consumer"
        thread.start()
    }

    /// Records what to do with a delivery; the consumer thread sends it within milliseconds.
    public func settle(_ delivery: Delivery, _ settlement: Settlement) {
        lock.lock()
        pending.append((delivery.tag, delivery.generation, settlement))
        lock.unlock()
    }

    /// Cancels the subscription: no new deliveries arrive and ``deliveries`` finishes.
    public func stopConsuming() {
        lock.withLock { stopRequested = true }
    }

    /// Sends the outstanding settlements, closes the connection and ends the thread.
    public func close() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                stopRequested = true
                closeRequested = true
                if finished { return true }
                exitWaiters.append(waiter)
                return false
            }
            if resumeNow { waiter.resume() }
        }
    }

    private var shouldClose: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closeRequested
    }

    private func threadMain() {
        var backoff: TimeInterval = 0.1
        while !shouldClose {
            do {
                let connection = try AMQPConnection(url: url)
                amqp_basic_qos(connection.state, connection.channel, 0, prefetch, 0)
                try connection.checkReply("basic.qos")
                lock.lock()
                generation += 1
                let stop = stopRequested
                lock.unlock()
                if !stop {
                    _ = df_basic_consume(connection.state, connection.channel, queueName, consumerTag)
                    try connection.checkReply("basic.consume on '\(queueName)'")
                }
                backoff = 0.1
                logger.debug("consumer connected", metadata: ["queue": "\(queueName)", "broker": "\(url)"])
                lock.withLock { currentConnectionName = connection.brokerName }
                onConnect?()
                try runConnected(connection, consuming: !stop)
                connection.close()
            } catch {
                logger.warning("consumer connection failed, reconnecting", metadata: [
                    "queue": "\(queueName)", "error": "\(error)", "retry_in_s": "\(backoff)",
                ])
                lock.lock()
                let stop = stopRequested
                lock.unlock()
                if stop { continuation.finish() }
                if shouldClose { break }
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 5)
            }
        }
        continuation.finish()
        let waiters: [CheckedContinuation<Void, Never>] = lock.withLock {
            finished = true
            defer { exitWaiters.removeAll() }
            return exitWaiters
        }
        waiters.forEach { $0.resume() }
    }

    private func runConnected(_ connection: AMQPConnection, consuming initiallyConsuming: Bool) throws {
        var consuming = initiallyConsuming
        if !consuming { continuation.finish() }
        while true {
            lock.lock()
            let settlements = pending
            pending.removeAll(keepingCapacity: true)
            let currentGeneration = generation
            let stop = stopRequested
            let close = closeRequested
            lock.unlock()

            for item in settlements where item.generation == currentGeneration {
                let status: Int32
                switch item.settlement {
                case .ack: status = amqp_basic_ack(connection.state, connection.channel, item.tag, 0)
                case .requeue: status = amqp_basic_nack(connection.state, connection.channel, item.tag, 0, 1)
                }
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw BrokerError.connection("ack: \(String(cString: amqp_error_string2(status)))")
                }
            }
            if stop && consuming {
                consuming = false
                // Deliveries that arrive before cancel-ok are queued by rabbitmq-c and still handed out below.
                _ = df_basic_cancel(connection.state, connection.channel, consumerTag)
            }
            if close && settlements.isEmpty {
                return
            }
            if !consuming && amqp_frames_enqueued(connection.state) == 0 && amqp_data_in_buffer(connection.state) == 0 {
                continuation.finish()
            }
            try consumeOne(connection, timeoutMicros: settlements.isEmpty ? 10_000 : 0)
        }
    }

    private func consumeOne(_ connection: AMQPConnection, timeoutMicros: Int) throws {
        amqp_maybe_release_buffers(connection.state)
        var envelope = amqp_envelope_t()
        var timeout = df_timeval(0, timeoutMicros)
        let reply = amqp_consume_message(connection.state, &envelope, &timeout, 0)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            defer { amqp_destroy_envelope(&envelope) }
            continuation.yield(makeDelivery(envelope))
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
            var frame = amqp_frame_t()
            var zero = df_timeval(0, 0)
            let status = amqp_simple_wait_frame_noblock(connection.state, &frame, &zero)
            guard status == AMQP_STATUS_OK.rawValue else {
                if status == AMQP_STATUS_TIMEOUT.rawValue { return }
                throw BrokerError.connection(String(cString: amqp_error_string2(status)))
            }
            if frame.frame_type == UInt8(AMQP_FRAME_METHOD) {
                switch frame.payload.method.id {
                case DF_CHANNEL_CLOSE, DF_CONNECTION_CLOSE:
                    let close = frame.payload.method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                    throw BrokerError.refused(code: Int(close.reply_code), text: close.reply_text.string)
                case DF_BASIC_CANCEL:
                    throw BrokerError.connection("the broker cancelled the subscription to '\(queueName)'")
                default:
                    return
                }
            }
        default:
            try AMQPConnection.check(reply, "consume from '\(queueName)'")
        }
    }

    private func makeDelivery(_ envelope: amqp_envelope_t) -> Delivery {
        let properties = envelope.message.properties
        let flags = properties._flags
        let headers = (flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG)) != 0
            ? AMQPFieldValue.decode(properties.headers) : [:]
        let messageId = (flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0 ? properties.message_id.string : nil
        lock.lock()
        let currentGeneration = generation
        lock.unlock()
        return Delivery(tag: envelope.delivery_tag, generation: currentGeneration, body: envelope.message.body.data,
                        messageId: messageId, headers: headers, redelivered: envelope.redelivered != 0,
                        exchange: envelope.exchange.string, routingKey: envelope.routing_key.string)
    }
}
