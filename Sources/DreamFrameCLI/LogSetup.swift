import Foundation
import Logging

/// Logging set-up shared by every executable.
public enum LogSetup {
    private static let once = BootstrapOnce()

    /// Structured logs to stderr (`timestamp level label: message key=value …`) at `level`, every text cleaned
    /// (``SafeLogHandler``: one line per event whatever a model or a message wrote); idempotent.
    public static func bootstrapOnce(level: Logger.Level) {
        once.run {
            LoggingSystem.bootstrap { label in
                var handler = SafeLogHandler(StreamLogHandler.standardError(label: label))
                handler.logLevel = level
                return handler
            }
        }
    }
}


private final class BootstrapOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}
