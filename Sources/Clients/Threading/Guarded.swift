import Foundation

/// A value behind a lock, for the few fields a client's owning thread shares with its callers.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    /// The current value (read or replaced under the lock).
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&stored) }
    }
}

extension Guarded where Value == Int {
    /// Increments the value and returns the new one (unique ids across threads).
    func next() -> Int {
        withLock { $0 += 1; return $0 }
    }
}
