import DreamFrameCore
import CRabbitMQ
import Foundation
import Logging
import ServiceLifecycle

/// Consumes one queue from one dedicated thread and connection, with manual acknowledgements.
///
/// Deliveries are copied into Swift values and handed out through ``deliveries``; handlers run elsewhere and report
/// back through ``settle(_:_:)``, and the consumer thread sends those acks between its short consume calls (acks must
/// travel on the channel that received the delivery). No handler ever runs on this thread, so heartbeats keep flowing
/// however long a handler takes. After a lost connection the thread reconnects — to the next node of a cluster
/// (``AMQPEndpoints``), with backoff once every node failed — and subscribes again; it declares nothing (the topology
/// is the operator's). Settlements for deliveries of the old connection are dropped because the broker has already
/// requeued them.
///
/// Lifecycle: a `Service`. ``run()`` starts the thread (which connects and subscribes) and returns once it has
/// exited. A graceful shutdown (or ``close()``) stops consuming, sends the settlements recorded so far and closes
/// the connection; the broker requeues whatever is still unacknowledged.
public final class AMQPConsumer: Service, @unchecked Sendable {
    /// What callers hand the consumer thread.
    enum Command {
        case settle(tag: UInt64, generation: Int, Settlement)
        case stopConsuming
    }

    /// Every delivery, across reconnects; finishes after ``stopConsuming()`` once nothing prefetched is left.
    public let deliveries: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation

    private let endpoints: AMQPEndpoints
    private let queueName: String
    private let prefetch: UInt16
    private let logger: Logger
    private let onConnect: (@Sendable () -> Void)?
    private let thread: ConnectionThread<Command>
    private let currentConnectionName = Guarded<String?>(nil)
    private let subscribed = Guarded(false)
    /// Deliveries of the current connection handed out and not yet settled.
    private let held = Guarded<(generation: Int, count: Int)>((0, 0))
    private let consumerTag = "dreamframe-\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"

    // Consumer thread only.
    private var generation = 0
    private var stopConsumingRequested = false
    private var acks = AckWindow()

    /// The broker's name for the current connection (for operators and tests), nil before the first connect.
    public var connectionName: String? { currentConnectionName.value }

    /// Whether the consumer is subscribed to its queue right now (connected, `basic.consume` accepted, not cancelled).
    public var isConsuming: Bool { subscribed.value }

    /// Deliveries of the current connection handed out through ``deliveries`` and not yet settled: the ones handlers
    /// work on and the ones prefetched for later (at most the prefetch).
    public var heldDeliveries: Int { held.value.count }

    /// Creates a consumer of `queue` on one broker with the default heartbeat (see
    /// ``init(endpoints:queue:prefetch:logger:onConnect:)``).
    public convenience init(url: AMQPURL, queue: String, prefetch: Int, logger: Logger,
                            onConnect: (@Sendable () -> Void)? = nil) {
        self.init(endpoints: AMQPEndpoints(url), queue: queue, prefetch: prefetch, logger: logger, onConnect: onConnect)
    }

    /// Creates a consumer of `queue` with at most `prefetch` unacknowledged deliveries; it connects to the first of
    /// `endpoints` and subscribes once ``run()`` starts its thread, and calls `onConnect` after each (re)subscription.
    public init(endpoints: AMQPEndpoints, queue: String, prefetch: Int, logger: Logger,
                onConnect: (@Sendable () -> Void)? = nil) {
        self.endpoints = endpoints
        self.queueName = queue
        self.prefetch = UInt16(clamping: max(1, prefetch))
        self.logger = logger
        self.onConnect = onConnect
        let (deliveries, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
        self.deliveries = deliveries
        self.continuation = continuation
        thread = ConnectionThread(name: "amqp-consumer") { command, _ in
            // After the thread exited: the connection is closed, so the broker requeues what was not acked.
            if case .stopConsuming = command { continuation.finish() }
        }
    }

    /// Runs the consumer thread until a graceful shutdown (or ``close()``) has stopped it.
    public func run() async {
        await thread.runAsService { [self] in threadMain() }
    }

    /// Records what to do with a delivery; the consumer thread sends it within milliseconds.
    public func settle(_ delivery: Delivery, _ settlement: Settlement) {
        held.withLock { if $0.generation == delivery.generation { $0.count = max(0, $0.count - 1) } }
        thread.submit(.settle(tag: delivery.tag, generation: delivery.generation, settlement))
    }

    /// Cancels the subscription: no new deliveries arrive and ``deliveries`` finishes.
    public func stopConsuming() {
        thread.submit(.stopConsuming)
    }

    /// Stops consuming, sends the outstanding settlements, closes the connection and ends the thread (for callers
    /// that stop the consumer themselves; a service group does it through graceful shutdown).
    public func close() async {
        await thread.stop()
        continuation.finish()
    }

    // MARK: - Consumer thread

    private func threadMain() {
        defer {
            subscribed.value = false
            continuation.finish()
        }
        var nodes = FailoverCursor(endpoints, connection: "amqp-consumer")
        while !thread.isStopRequested {
            let node = nodes.current
            do {
                let connection = try nodes.connect()
                defer { connection.close() }
                amqp_basic_qos(connection.state, connection.channel, 0, prefetch, 0)
                try connection.checkReply("basic.qos")
                generation += 1
                acks.reset()
                held.value = (generation, 0)
                discardSettlements(thread.take(waitingUntil: .distantPast))
                let consuming = !stopConsumingRequested && !thread.isStopRequested
                if consuming {
                    _ = df_basic_consume(connection.state, connection.channel, queueName, consumerTag)
                    try connection.checkReply("basic.consume on '\(queueName)'")
                }
                nodes.connected("consumer", logger: logger, metadata: ["queue": "\(queueName)"])
                currentConnectionName.value = connection.brokerName
                subscribed.value = consuming
                onConnect?()
                try runConnected(connection, consuming: consuming)
                return
            } catch {
                subscribed.value = false
                // The broker requeues what this connection held; settlements for it are dropped.
                held.value = (-1, 0)
                let pause = nodes.failed()
                logger.warning("consumer connection failed, reconnecting", metadata: [
                    "queue": "\(queueName)", "broker": "\(node)", "error": "\(error)",
                    "next_broker": "\(nodes.current)", "retry_in_s": "\(pause)",
                ])
                discardSettlements(thread.take(waitingUntil: .distantPast))
                if stopConsumingRequested { continuation.finish() }
                thread.pause(until: Date().addingTimeInterval(pause))
            }
        }
    }

    /// Consumes and settles until a stop is requested and every recorded settlement was sent.
    private func runConnected(_ connection: AMQPConnection, consuming initiallyConsuming: Bool) throws {
        var consuming = initiallyConsuming
        if !consuming { continuation.finish() }
        while true {
            let commands = thread.take(waitingUntil: .distantPast)
            try apply(commands, on: connection)
            let stopping = thread.isStopRequested
            if consuming && (stopConsumingRequested || stopping) {
                consuming = false
                subscribed.value = false
                // Deliveries that arrive before cancel-ok are queued by rabbitmq-c and still handed out below.
                _ = df_basic_cancel(connection.state, connection.channel, consumerTag)
            }
            if stopping && commands.isEmpty && thread.isDrainedAndStopping {
                return
            }
            if !consuming && amqp_frames_enqueued(connection.state) == 0 && amqp_data_in_buffer(connection.state) == 0 {
                continuation.finish()
            }
            try consumeOne(connection, timeoutMicros: commands.isEmpty ? 10_000 : 0)
        }
    }

    /// Sends the settlements of the current connection's deliveries and notes a stop-consuming request. Requeues go
    /// out one by one; acks as one multiple ack for the settled run at the front of the window plus the others alone
    /// (``AckWindow``).
    private func apply(_ commands: [Command], on connection: AMQPConnection) throws {
        var acked: [UInt64] = []
        for command in commands {
            switch command {
            case .stopConsuming:
                stopConsumingRequested = true
            case .settle(let tag, let deliveryGeneration, let settlement):
                guard deliveryGeneration == generation else { continue }
                switch settlement {
                case .ack:
                    acked.append(tag)
                case .requeue:
                    try check(amqp_basic_nack(connection.state, connection.channel, tag, 0, 1), "nack")
                    acks.requeued(tag)
                }
            }
        }
        guard !acked.isEmpty else { return }
        for frame in acks.ack(acked) {
            try check(amqp_basic_ack(connection.state, connection.channel, frame.tag, frame.multiple ? 1 : 0), "ack")
        }
    }

    private func check(_ status: Int32, _ what: String) throws {
        guard status == AMQP_STATUS_OK.rawValue else {
            throw BrokerError.connection("\(what): \(String(cString: amqp_error_string2(status)))")
        }
    }

    /// Notes a stop-consuming request among `commands`; drops their settlements, which belong to a connection that
    /// is gone (the broker requeued those deliveries).
    private func discardSettlements(_ commands: [Command]) {
        for case .stopConsuming in commands { stopConsumingRequested = true }
    }

    /// Waits up to `timeoutMicros` for one delivery and hands it out; handles the frames that interrupt consuming.
    private func consumeOne(_ connection: AMQPConnection, timeoutMicros: Int) throws {
        amqp_maybe_release_buffers(connection.state)
        var envelope = amqp_envelope_t()
        var timeout = df_timeval(0, timeoutMicros)
        let reply = amqp_consume_message(connection.state, &envelope, &timeout, 0)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            defer { amqp_destroy_envelope(&envelope) }
            held.withLock { $0.count += 1 }
            acks.delivered(envelope.delivery_tag)
            continuation.yield(makeDelivery(envelope))
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
            try handleInterruptingFrame(connection)
        default:
            try AMQPConnection.check(reply, "consume from '\(queueName)'")
        }
    }

    /// Reads the frame that made `amqp_consume_message` stop (examples/amqp_consumer.c in rabbitmq-c).
    private func handleInterruptingFrame(_ connection: AMQPConnection) throws {
        var frame = amqp_frame_t()
        var zero = df_timeval(0, 0)
        let status = amqp_simple_wait_frame_noblock(connection.state, &frame, &zero)
        guard status == AMQP_STATUS_OK.rawValue else {
            if status == AMQP_STATUS_TIMEOUT.rawValue { return }
            throw BrokerError.connection(String(cString: amqp_error_string2(status)))
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return }
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

    private func makeDelivery(_ envelope: amqp_envelope_t) -> Delivery {
        let properties = envelope.message.properties
        let flags = properties._flags
        let headers = (flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG)) != 0
            ? AMQPFieldValue.decode(properties.headers) : [:]
        let messageId = (flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0 ? properties.message_id.string : nil
        return Delivery(tag: envelope.delivery_tag, generation: generation, body: envelope.message.body.data,
                        messageId: messageId, headers: headers, redelivered: envelope.redelivered != 0,
                        exchange: envelope.exchange.string, routingKey: envelope.routing_key.string)
    }
}
