import CRabbitMQ
import DreamFrameCore
import Foundation

extension AMQPAdmin {
    /// Holds up to `limit` of the messages ready in `queue` without settling any: it subscribes with manual acks and
    /// a prefetch of `limit`, and reads deliveries until it has as many as the queue held when it began (or until
    /// none arrived for `idle`). Every held message stays unacknowledged until ``ack(_:)`` or ``release()``.
    ///
    /// This is how dead letters are listed without being requeued one by one: ``release()`` closes the channel,
    /// and the broker puts back, in the order they were delivered, every message still held (RabbitMQ's quorum
    /// queues return a closed channel's deliveries sorted by delivery, ahead of the rest of the queue).
    public func hold(_ queue: String, limit: Int, idle: Duration = .seconds(2)) throws -> [Delivery] {
        guard limit > 0, let ready = try stats(queue)?.messages, ready > 0 else { return [] }
        let wanted = min(ready, limit, 65_535)
        amqp_basic_qos(connection.state, connection.channel, 0, UInt16(wanted), 0)
        try connection.checkReply("basic.qos")
        _ = df_basic_consume(connection.state, connection.channel, queue, "dreamframe-browse")
        try connection.checkReply("basic.consume on '\(queue)'")
        var held: [Delivery] = []
        let idleMicros = Int(idle.components.seconds) * 1_000_000 + Int(idle.components.attoseconds / 1_000_000_000_000)
        while held.count < wanted {
            amqp_maybe_release_buffers(connection.state)
            var envelope = amqp_envelope_t()
            var timeout = df_timeval(idleMicros / 1_000_000, idleMicros % 1_000_000)
            let reply = amqp_consume_message(connection.state, &envelope, &timeout, 0)
            if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION, reply.library_error == AMQP_STATUS_TIMEOUT.rawValue {
                break
            }
            try AMQPConnection.check(reply, "browse '\(queue)'")
            defer { amqp_destroy_envelope(&envelope) }
            held.append(Self.delivery(envelope))
        }
        return held
    }

    /// Hands back every message ``hold(_:limit:idle:)`` took and no ``ack(_:)`` settled: closes the channel (the
    /// broker returns them in delivery order) and opens a fresh one for further calls.
    public func release() throws {
        _ = amqp_channel_close(connection.state, connection.channel, Int32(AMQP_REPLY_SUCCESS))
        amqp_channel_open(connection.state, connection.channel)
        try connection.checkReply("channel reopen")
    }

    static func delivery(_ envelope: amqp_envelope_t) -> Delivery {
        let properties = envelope.message.properties
        let flags = properties._flags
        let headers = (flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG)) != 0
            ? AMQPFieldValue.decode(properties.headers) : [:]
        let messageId = (flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0 ? properties.message_id.string : nil
        return Delivery(tag: envelope.delivery_tag, generation: 0, body: envelope.message.body.data,
                        messageId: messageId, headers: headers, redelivered: envelope.redelivered != 0,
                        exchange: envelope.exchange.string, routingKey: envelope.routing_key.string)
    }
}
