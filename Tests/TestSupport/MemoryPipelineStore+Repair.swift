import Foundation
import Models
import Pipeline

extension MemoryPipelineStore {
    public func styleLeaseHolder(_ styleId: String) async throws -> String? {
        try enter("styleLeaseHolder")
        return styleLeases[styleId]
    }

    public func progressMarks(_ stage: Stage, movie: MovieRef) async throws -> Set<Int> {
        try enter("progressMarks")
        return progress[progressKey(stage, movie)] ?? []
    }

    public func restoreProgress(_ stage: Stage, indices: [Int], movie: MovieRef) async throws {
        try enter("restoreProgress")
        progress[progressKey(stage, movie), default: []].formUnion(indices)
    }

    public func fanInClaimant(_ stage: Stage, movie: MovieRef) async throws -> String? {
        try enter("fanInClaimant")
        return fanIns[progressKey(stage, movie)]
    }

    public func forgetHandled(_ messageIds: [String], movie: MovieRef) async throws {
        try enter("forgetHandled")
        handled[movie]?.subtract(messageIds)
    }

    public func claimRepairLease(owner: String, leaseSeconds: Int) async throws -> Bool {
        try enter("claimRepairLease")
        if let holder = repairLease, holder != owner { return false }
        repairLease = owner
        return true
    }

    public func releaseRepairLease(owner: String) async throws {
        try enter("releaseRepairLease")
        if repairLease == owner { repairLease = nil }
    }

    // MARK: Losing state, as a Redis that lost its last second of writes would

    /// Forgets a committed expansion result.
    public func forgetResult(_ key: ExpansionKey, movie: MovieRef) { results[movie]?[key.field] = nil }

    /// Forgets that unit `index` of `stage` was done.
    public func forgetProgress(_ stage: Stage, index: Int, movie: MovieRef) {
        progress[progressKey(stage, movie)]?.remove(index)
    }

    /// Forgets fields of the movie's progress record.
    public func forgetMovieFields(_ fields: [MovieField], movie: MovieRef) {
        for field in fields { movies[movie]?[field.rawValue] = nil }
    }

    /// Forgets a learned style embedding.
    public func forgetStyle(_ styleId: String) { styles[styleId] = nil }

    /// Forgets a movie parked on a style.
    public func forgetWaiter(_ movie: MovieRef, styleId: String) { waiters[styleId]?.remove(movie) }

    /// Pretends the movie's last progress was `secondsAgo` ago (and so was its submission).
    public func age(_ movie: MovieRef, secondsAgo: Double) {
        let then = String(format: "%.3f", Date().timeIntervalSince1970 - secondsAgo)
        movies[movie, default: [:]][MovieField.progressAt.rawValue] = then
        movies[movie, default: [:]][MovieField.submittedAt.rawValue] = then
    }
}
