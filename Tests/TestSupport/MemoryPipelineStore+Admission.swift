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
    /// Drops the movie's state, as Redis does when a run's keys expire.
    public func expireMovie(_ movie: MovieRef) { movies[movie] = nil }
}
