import DreamFrameCore
import CRabbitMQ
import Foundation

extension OutgoingMessage {
    /// The longest AMQP short string (exchange, routing key, message id, content type, header keys).
    static let maxShortString = 255
    /// The most headers `df_amqp_publish` sends (the first ones by name; the rest are dropped, as documented on
    /// ``headers``).
    static let maxHeaders = 32

    /// Throws ``BrokerError/invalidMessage(_:)`` when the broker could never accept this message as built, so it
    /// fails alone before it reaches the wire instead of breaking the connection every publish shares.
    func validateForWire() throws {
        let shortStrings = [("exchange", exchange), ("routing key", routingKey), ("message id", messageId),
                            ("content type", contentType)] + headers.keys.map { ("header key", $0) }
        for (what, value) in shortStrings where value.utf8.count > Self.maxShortString {
            throw BrokerError.invalidMessage("\(what) of message '\(messageId.prefix(64))' is \(value.utf8.count) bytes; "
                + "AMQP allows at most \(Self.maxShortString)")
        }
    }
}

extension AMQPPublisher {
    /// Publishes one message on the connection's channel (mandatory, persistent). Returns a rabbitmq-c status.
    static func basicPublish(_ message: OutgoingMessage, connection: AMQPConnection) -> Int32 {
        // rabbitmq-c encodes every string during the call, so one table of C strings that lives for the call is enough.
        var table = CStringTable()
        let headers = message.headers.sorted { $0.key < $1.key }.prefix(OutgoingMessage.maxHeaders).map {
            PendingHeader(key: $0.key, value: $0.value, table: &table)
        }
        let exchange = table.add(message.exchange), key = table.add(message.routingKey)
        let messageId = table.add(message.messageId), contentType = table.add(message.contentType)
        return table.withPointers { pointer in
            let resolved = headers.map { $0.resolve(pointer) }
            return message.body.withUnsafeBytes { body in
                resolved.withUnsafeBufferPointer { h in
                    df_amqp_publish(connection.state, connection.channel, pointer(exchange), pointer(key), 1,
                                    body.baseAddress, body.count, pointer(messageId), pointer(contentType),
                                    h.baseAddress, Int32(h.count))
                }
            }
        }
    }
}
