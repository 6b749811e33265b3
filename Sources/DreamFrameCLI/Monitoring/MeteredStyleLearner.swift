import Models

/// A ``Models/StyleLearner`` whose learning is counted and timed (``ModelCallMetrics``); its identity and
/// embeddings are the base's.
struct MeteredStyleLearner: StyleLearner {
    let base: any StyleLearner
    let metrics: ModelCallMetrics

    init(_ base: any StyleLearner, backend: String) {
        self.base = base
        metrics = ModelCallMetrics(backend: backend, calls: [.learnStyle])
    }

    var learnerId: String { base.learnerId }

    var needsReferenceImages: Bool { base.needsReferenceImages }

    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        try await metrics.measure(.learnStyle) { try await base.learnStyle(request) }
    }

    func learnStyle(_ request: StyleRequest, progress: @escaping @Sendable (String) -> Void) async throws -> StyleEmbedding {
        try await metrics.measure(.learnStyle) { try await base.learnStyle(request, progress: progress) }
    }
}
