import Foundation
import Synchronization

/// The runs a process has admitted messages for: their records and movie lists, fetched once — neither ever
/// changes after submission — so checking a message costs one round trip for its movie alone. Holds at most
/// `capacity` runs (the oldest looked-up is forgotten first); runs that do not exist are never remembered.
final class RunBook: Sendable {
    /// A run as the door checks against it.
    struct Entry: Sendable {
        let record: RunRecord
        /// Movie id → position in the run (0-based), which seeds the movie.
        let positions: [String: Int]
    }

    private let capacity: Int
    private let entries = Mutex<(runs: [String: Entry], order: [String])>(([:], []))

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The run, if this process looked it up before.
    func entry(_ runId: String) -> Entry? {
        entries.withLock { $0.runs[runId] }
    }

    /// Remembers a run and returns its entry — only once its movie list is complete (as many ids as the record
    /// says it has movies), so a look caught between the two writes of a submission is never kept.
    @discardableResult
    func remember(_ record: RunRecord, movieIds: [String]) -> Entry {
        // Handlers that looked the run up at once, before any of them remembered it, share the first entry.
        if let known = entry(record.runId), known.record == record { return known }
        var positions: [String: Int] = [:]
        for (index, id) in movieIds.enumerated() where positions[id] == nil { positions[id] = index }
        let entry = Entry(record: record, positions: positions)
        guard positions.count >= record.movies else { return entry }
        entries.withLock { state in
            if state.runs.updateValue(entry, forKey: record.runId) == nil { state.order.append(record.runId) }
            while state.order.count > capacity { state.runs[state.order.removeFirst()] = nil }
        }
        return entry
    }
}
