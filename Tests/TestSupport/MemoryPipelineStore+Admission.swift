import Foundation
import Models
import Pipeline

extension MemoryPipelineStore {
    public func admission(_ movie: MovieRef, style: String?, withRun: Bool) async throws -> MovieAdmission {
        try enter("admission")
        return MovieAdmission(run: withRun ? runs[movie.runId] : nil, movieIds: withRun ? runMovies[movie.runId] ?? [] : nil,
                              live: movies[movie] != nil, styleId: movies[movie]?[MovieField.styleId.rawValue],
                              styleCached: style.map { styles[$0] != nil } ?? false)
    }
}

extension MemoryPipelineStore {
    /// The door's store checks and the claim as one call, like the Redis store's one script (counted as
    /// `admitAndClaim`, not as an `admission` and a `claimMessage`).
    public func admitAndClaim(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int,
                              style: String?) async throws -> AdmittedClaim {
        try enter("admitAndClaim")
        guard let fields = movies[movie] else { return .movieGone }
        if let style, styles[style] == nil, fields[MovieField.styleId.rawValue] != style {
            return .styleUnknown(movieStyle: fields[MovieField.styleId.rawValue])
        }
        calls["claimMessage", default: 0] -= 1
        return .admitted(try await claimMessage(messageId, movie: movie, owner: owner, leaseSeconds: leaseSeconds))
    }
}

extension MemoryPipelineStore {
    /// Drops the movie's state, as Redis does when a run's keys expire.
    public func expireMovie(_ movie: MovieRef) { movies[movie] = nil }
}
