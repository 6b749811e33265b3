import Clients

/// Publishes messages and returns once the broker confirmed every one of them; the runtime acks a delivery only
/// after its outputs were published through this.
public protocol MessagePublisher: Sendable {
    /// Publishes `messages` with confirms.
    func publish(_ messages: [OutgoingMessage]) async throws
}

extension AMQPPublisher: MessagePublisher {}
