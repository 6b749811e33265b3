import Foundation

/// Runs blocking C calls on a fresh thread, never on Swift's cooperative pool (only 2 threads on 2 cores).
public enum BlockingWork {
    /// Runs `body` on its own thread and returns its result.
    public static func run<T: Sendable>(_ name: String = "dreamframe-blocking",
                                        _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
