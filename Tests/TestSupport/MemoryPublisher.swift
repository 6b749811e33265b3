import Clients
import Foundation
import Pipeline
import Synchronization

/// A ``MessagePublisher`` that records what was published (as if every message were confirmed), or fails.
public final class MemoryPublisher: MessagePublisher {
    private let state = Mutex<(published: [OutgoingMessage], failure: (any Error)?)>(([], nil))

    public init() {}

    /// Everything published so far, in order.
    public var published: [OutgoingMessage] { state.withLock { $0.published } }

    /// Makes every later publish throw `error` (nil: succeed again).
    public func fail(with error: (any Error)?) { state.withLock { $0.failure = error } }

    public func publish(_ messages: [OutgoingMessage]) async throws {
        try state.withLock {
            if let failure = $0.failure { throw failure }
            $0.published += messages
        }
    }

    /// Published messages decoded as envelopes, skipping what does not decode.
    public var envelopes: [Envelope] { published.compactMap { try? Envelope.decode($0.body) } }

    /// Messages published to `routingKey`.
    public func messages(to routingKey: String) -> [OutgoingMessage] { published.filter { $0.routingKey == routingKey } }
}
