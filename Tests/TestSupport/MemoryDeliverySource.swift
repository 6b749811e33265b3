import Clients
import Foundation
import Pipeline
import Synchronization

/// A ``DeliverySource`` fed by the test: deliveries go in with ``deliver(_:)``, settlements are recorded.
public final class MemoryDeliverySource: DeliverySource {
    public let deliveries: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation
    private let state = Mutex<(settlements: [(tag: UInt64, settlement: Settlement)], nextTag: UInt64)>(([], 1))

    public init() {
        (deliveries, continuation) = AsyncStream.makeStream(of: Delivery.self)
    }

    /// Hands a message body to the consumer as a new delivery; returns its tag.
    @discardableResult
    public func deliver(_ body: Data, headers: [String: AMQPFieldValue] = [:], redelivered: Bool = false) -> UInt64 {
        let tag = state.withLock { state -> UInt64 in
            defer { state.nextTag += 1 }
            return state.nextTag
        }
        continuation.yield(Delivery(tag: tag, generation: 0, body: body, messageId: nil, headers: headers,
                                    redelivered: redelivered, exchange: "", routingKey: ""))
        return tag
    }

    public func settle(_ delivery: Delivery, _ settlement: Settlement) {
        state.withLock { $0.settlements.append((delivery.tag, settlement)) }
    }

    public func stopConsuming() { continuation.finish() }

    /// Every settlement so far.
    public var settlements: [(tag: UInt64, settlement: Settlement)] { state.withLock { $0.settlements } }
}
