extension TimeLimit {
    /// Runs `body` until it finishes or the limit ends, whichever comes first. Past the end, `body` is cancelled
    /// and ``TimeLimitExceeded`` is thrown once it has stopped (work that ignores cancellation is waited for).
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let end = self.end
        return try await withThrowingTaskGroup(of: Optional<T>.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: end, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw TimeLimitExceeded(limit: duration)
            }
            return result
        }
    }
}
