import DreamFrameCore
import Foundation

/// A failure talking to RabbitMQ.
public enum BrokerError: ClassifiedError, Sendable, CustomStringConvertible {
    /// The TCP connection or login failed, or the connection was lost.
    case connection(String)
    /// The broker refused an operation (channel or connection closed with a reply code).
    case refused(code: Int, text: String)
    /// The broker negatively acknowledged a publish, or returned it as unroutable.
    case notConfirmed(String)
    /// A message the broker can never accept as built (for example an id longer than an AMQP short string); it was
    /// rejected before reaching the wire, and the connection is unaffected.
    case invalidMessage(String)
    /// The client was shut down before the operation completed.
    case shutdown

    /// A one-line message.
    public var description: String {
        switch self {
        case .connection(let why): return "broker connection: \(why)"
        case .refused(let code, let text): return "broker refused (\(code)): \(text)"
        case .notConfirmed(let why): return "publish not confirmed: \(why)"
        case .invalidMessage(let why): return "invalid message: \(why)"
        case .shutdown: return "broker client shut down"
        }
    }

    /// An outage when the broker cannot be reached (or the client is shutting down): nothing is wrong with the
    /// message. Permanent for ``invalidMessage(_:)`` (resending cannot help); transient otherwise (a refusal or a
    /// nack may pass on a retry).
    public var failureKind: FailureKind {
        switch self {
        case .connection, .shutdown: return .outage
        case .invalidMessage: return .permanent
        case .refused, .notConfirmed: return .transient
        }
    }

    /// `broker`.
    public var failureClass: String { "broker" }
}
