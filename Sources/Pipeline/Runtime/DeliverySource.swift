import Clients

/// Where a stage's deliveries come from and where their settlements go: a queue consumer.
public protocol DeliverySource: Sendable {
    /// Every delivery; finishes after ``stopConsuming()`` once nothing prefetched is left.
    var deliveries: AsyncStream<Delivery> { get }
    /// Records what to do with a delivery once its handler finished.
    func settle(_ delivery: Delivery, _ settlement: Settlement)
    /// Cancels the subscription: no new deliveries arrive and ``deliveries`` finishes.
    func stopConsuming()
}

extension AMQPConsumer: DeliverySource {}
