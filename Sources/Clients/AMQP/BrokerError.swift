import DreamFrameCore
import Foundation

/// A failure talking to RabbitMQ.
public enum BrokerError: ClassifiedError, Sendable, CustomStringConvertible {
    /// The TCP connection or login failed, or the connection was lost.
    case connection(String)
    /// The broker refused an operation (channel or connection closed with a reply code).
    case refused(code: Int, text: String)
    /// The broker returned a publish as unroutable (or did not confirm it otherwise).
    case notConfirmed(String)
    /// The broker negatively acknowledged a publish: it cannot take messages into the queue now (a quorum queue
    /// electing a new leader after its node died, a queue at its length limit, a resource alarm).
    case nacked(String)
    /// A message the broker can never accept as built (for example an id longer than an AMQP short string); it was
    /// rejected before reaching the wire, and the connection is unaffected.
    case invalidMessage(String)
    /// The broker refused the login (wrong user or password, no access to the vhost), or TLS could not establish
    /// trust (the broker's certificate is not signed by the CA given or names another host, a client certificate
    /// was refused): a configuration error, not a fault of any message.
    case accessDenied(String)
    /// The client was shut down before the operation completed.
    case shutdown

    /// A one-line message.
    public var description: String {
        switch self {
        case .connection(let why): return "broker connection: \(why)"
        case .refused(let code, let text): return "broker refused (\(code)): \(text)"
        case .notConfirmed(let why): return "publish not confirmed: \(why)"
        case .nacked(let why): return "publish nacked by the broker: \(why)"
        case .invalidMessage(let why): return "invalid message: \(why)"
        case .accessDenied(let why):
            return "broker refused access: \(why) (check the user and password of the broker URL — --broker-url or "
                + "DREAMFRAME_BROKER_URL — and the TLS files, --broker-ca, --broker-cert, --broker-key)"
        case .shutdown: return "broker client shut down"
        }
    }

    /// An outage when the broker cannot be reached (or the client is shutting down), nacks a publish (its queue
    /// cannot take messages now: retrying at once, or requeueing the delivery that published, loops until the
    /// quorum queue's delivery limit dead-letters it — seen in a node failover) or refuses this client's
    /// credentials or TLS (the work is held until an operator fixes the configuration, never dead-lettered for it;
    /// processes check their credentials at start): nothing is wrong with the message. Permanent for
    /// ``invalidMessage(_:)`` (resending cannot help); transient otherwise (a refusal or a return may pass on a retry).
    public var failureKind: FailureKind {
        switch self {
        case .connection, .shutdown, .accessDenied, .nacked: return .outage
        case .invalidMessage: return .permanent
        case .refused, .notConfirmed: return .transient
        }
    }

    /// `broker`, or `broker-access` for refused credentials or TLS.
    public var failureClass: String {
        if case .accessDenied = self { return "broker-access" }
        return "broker"
    }
}
