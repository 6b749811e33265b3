import Models
import Pipeline

/// Style embeddings fetched once per process (they never change once stored).
actor StyleMemo {
    private let state: any PipelineStore
    private var known: [String: StyleEmbedding] = [:]

    init(state: any PipelineStore) {
        self.state = state
    }

    /// The embedding of `styleId`, or nil when the cache does not have it.
    func embedding(_ styleId: String) async throws -> StyleEmbedding? {
        if let cached = known[styleId] { return cached }
        let fetched = try await state.style(styleId)
        if let fetched { known[styleId] = fetched }
        return fetched
    }
}
