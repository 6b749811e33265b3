import Foundation

/// A thread-safe memo of a pure function's results, holding at most `capacity` of them (when full, it starts over).
///
/// The built-in renderer draws every frame of a movie with one style and the same few characters: what it derives from
/// the style vector or an appearance phrase is the same for each, and deriving it again per frame cost more than
/// drawing a small frame. The dataset export reads every finished movie's overview on each export. Starting over when
/// full keeps memory bounded without bookkeeping per hit.
public final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    private let capacity: Int

    /// A memo of at most `capacity` results.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value for `key`: remembered, or made by `make` (outside the lock; two threads may both make it once).
    public func value(for key: Key, make: () -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make()
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[key] = made
        }
        return made
    }
}
