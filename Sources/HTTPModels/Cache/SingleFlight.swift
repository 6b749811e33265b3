import Foundation

/// Runs one call per key at a time in this process: a caller asking for a key whose call is already running waits
/// for that call's result instead of starting its own. Two movies of one seed ask the image server for the same frames
/// at the same moment; without this both would be drawn (the render cache only answers once one has finished).
public actor SingleFlight<Key: Hashable & Sendable, Value: Sendable> {
    private var running: [Key: Task<Value, any Error>] = [:]

    /// An empty set of calls.
    public init() {}

    /// `work`'s result for `key`, shared with every caller that asks for `key` while it runs. A failure reaches every
    /// caller that waited for it; the next caller starts afresh.
    public func run(_ key: Key, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let call = running[key] { return try await call.value }
        let call = Task { try await work() }
        running[key] = call
        defer { running[key] = nil }
        return try await call.value
    }

    /// Calls running now (for tests).
    public var count: Int { running.count }
}
