import DreamFrameCore
import Foundation
import Models

extension PipelineStore {
    /// Stores `value` under `key` unless a result is already there; returns the stored one.
    ///
    /// A real LLM is not deterministic: when two copies of one expansion run at once, both compute, the first to
    /// commit wins and both continue with the winner, so the movie has one truth.
    public func commit<T: Codable>(_ value: T, key: ExpansionKey, movie: MovieRef) async throws -> T {
        let stored = try await commitResult(try JSONCoding.compactEncoder().encode(value), key: key, movie: movie)
        return try JSONDecoder().decode(T.self, from: stored)
    }

    /// Returns the committed result for `key`, computing and committing it only if there is none yet.
    ///
    /// A redelivered message reuses its earlier result instead of calling the model again, and of two copies
    /// running at once the first to commit wins for both.
    public func commitOnce<T: Codable & Sendable>(_ key: ExpansionKey, movie: MovieRef,
                                                  compute: () async throws -> T) async throws -> T {
        if let existing = try await result(T.self, key: key, movie: movie) { return existing }
        return try await commit(try await compute(), key: key, movie: movie)
    }

    /// A committed result, or nil.
    public func result<T: Decodable>(_ type: T.Type, key: ExpansionKey, movie: MovieRef) async throws -> T? {
        try await results(type, keys: [key], movie: movie)[0]
    }

    /// Many committed results in one round trip (nil where missing).
    public func results<T: Decodable>(_ type: T.Type, keys: [ExpansionKey], movie: MovieRef) async throws -> [T?] {
        guard !keys.isEmpty else { return [] }
        return try await results(keys, movie: movie).map { data in
            try data.map { try JSONDecoder().decode(T.self, from: $0) }
        }
    }

    /// Moves the movie forward to `state` (and sets `fields` with it); never backward.
    public func setState(_ movie: MovieRef, _ state: MovieState, _ fields: [MovieField: String] = [:]) async throws {
        try await advance(movie, to: state, fields)
    }
}
