import Models
import Pipeline

/// Everything the web console reads and the one thing it does (replay), behind a protocol so the pages can be
/// tested without a broker or Redis. ``LiveConsoleSource`` is the real one.
public protocol ConsoleSource: Sendable {
    /// Per stage the queues, processes, rates and dead letters (no run).
    func fleet() async throws -> FleetStatus
    /// Every run id, oldest first.
    func runIds() async throws -> [String]
    /// A run's progress (movies idle for `stale` seconds count as stuck), nil for an unknown run.
    func progress(runId: String, stale: Double) async throws -> RunProgress?
    /// The dead letters matching `filter`, without moving them.
    func deadLetters(_ filter: DeadLetterFilter) async throws -> [DeadLetter]
    /// Moves the dead letters matching `filter` back to their work queues; returns them.
    func replay(_ filter: DeadLetterFilter) async throws -> [DeadLetter]
    /// The style cache.
    func styles() async throws -> [StyleEmbedding]
}
