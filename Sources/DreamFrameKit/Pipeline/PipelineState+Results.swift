import Foundation

extension PipelineState {
    /// Returns the committed result for `field`, computing and committing it only if there is none yet.
    ///
    /// A redelivered message reuses its earlier result instead of calling the model again, and of two copies
    /// running at once the first to commit wins for both.
    public func commitOnce<T: Codable & Sendable>(field: String, movie: MovieRef,
                                                  compute: () async throws -> T) async throws -> T {
        if let existing = try await result(T.self, field: field, movie: movie) { return existing }
        return try await commit(try await compute(), field: field, movie: movie)
    }
}
