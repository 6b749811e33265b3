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
    /// The client was shut down before the operation completed.
    case shutdown

    public var description: String {
        switch self {
        case .connection(let why): return "broker connection: \(why)"
        case .refused(let code, let text): return "broker refused (\(code)): \(text)"
        case .notConfirmed(let why): return "publish not confirmed: \(why)"
        case .shutdown: return "broker client shut down"
        }
    }

    /// Transient: the broker may accept it after a reconnect or a retry.
    public var failureKind: FailureKind { .transient }
    public var failureClass: String { "broker" }
}
