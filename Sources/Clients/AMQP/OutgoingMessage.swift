import DreamFrameCore
import Foundation

/// A persistent message to publish with confirms.
public struct OutgoingMessage: Sendable, Hashable {
    /// The exchange (`""` is the default exchange, which routes by queue name).
    public var exchange: String
    /// The routing key (the queue name on the default exchange).
    public var routingKey: String
    /// The message body.
    public var body: Data
    /// A deterministic id derived from what the message means, so duplicates are recognisable downstream.
    /// At most 255 bytes (an AMQP short string), like ``exchange``, ``routingKey`` and ``contentType``: a longer one
    /// fails its publish with ``BrokerError/invalidMessage(_:)``.
    public var messageId: String
    /// Header values; integers are sent as integers, everything else as text. At most 32 are sent (the first by
    /// name); keys are AMQP short strings (at most 255 bytes).
    public var headers: [String: AMQPFieldValue]
    /// The MIME type of ``body``.
    public var contentType: String

    /// Creates a message.
    public init(exchange: String, routingKey: String, body: Data, messageId: String,
                headers: [String: AMQPFieldValue] = [:], contentType: String = "application/json") {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.headers = headers
        self.contentType = contentType
    }
}

/// A message received from a queue; settle it through the consumer that delivered it.
public struct Delivery: Sendable {
    /// The broker's delivery tag on the consumer's channel.
    public var tag: UInt64
    /// Which connection of the consumer delivered it: settlements for an older connection are dropped.
    public var generation: Int
    /// The message body.
    public var body: Data
    /// The publisher's message id, if it set one.
    public var messageId: String?
    /// The message headers (including the broker's `x-death` after dead-lettering).
    public var headers: [String: AMQPFieldValue]
    /// True when the broker delivered it before (to this or another consumer).
    public var redelivered: Bool
    /// The exchange it was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String

    /// Creates a delivery (consumers and tests).
    public init(tag: UInt64, generation: Int, body: Data, messageId: String?, headers: [String: AMQPFieldValue],
                redelivered: Bool, exchange: String, routingKey: String) {
        self.tag = tag
        self.generation = generation
        self.body = body
        self.messageId = messageId
        self.headers = headers
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
    }
}

/// What to do with a delivery once its handler finished.
public enum Settlement: Sendable {
    /// Done: remove it from the queue.
    case ack
    /// Put it back for another delivery (shutdown, or a failure publishing its retry).
    case requeue
}
