import DreamFrameCore
import CRabbitMQ
import Foundation

extension AMQPPublisher {
    /// Publishes one message on the connection's channel (mandatory, persistent). Returns a rabbitmq-c status.
    static func basicPublish(_ message: OutgoingMessage, connection: AMQPConnection) -> Int32 {
        // C strings live until the end of this function; rabbitmq-c encodes them during the call.
        var owned: [UnsafeMutablePointer<CChar>] = []
        func c(_ s: String) -> UnsafePointer<CChar> {
            let p = strdup(s)!
            owned.append(p)
            return UnsafePointer(p)
        }
        defer { owned.forEach { free($0) } }
        var headers: [df_header] = []
        for (key, value) in message.headers.sorted(by: { $0.key < $1.key }).prefix(32) {
            switch value {
            case .int(let i): headers.append(df_header(key: c(key), kind: CChar(UInt8(ascii: "l")), string_value: nil, int_value: i))
            default: headers.append(df_header(key: c(key), kind: CChar(UInt8(ascii: "S")), string_value: c(value.description), int_value: 0))
            }
        }
        let exchange = c(message.exchange), key = c(message.routingKey)
        let messageId = c(message.messageId), contentType = c(message.contentType)
        return message.body.withUnsafeBytes { body in
            headers.withUnsafeBufferPointer { h in
                df_amqp_publish(connection.state, connection.channel, exchange, key, 1, body.baseAddress, body.count,
                                messageId, contentType, h.baseAddress, Int32(h.count))
            }
        }
    }
}
