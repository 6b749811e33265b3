import Models

/// A ``Models/StoryModel`` whose calls are counted and timed (``ModelCallMetrics``); answers are the base's.
struct MeteredStoryModel: StoryModel {
    let base: any StoryModel
    let metrics: ModelCallMetrics

    init(_ base: any StoryModel, backend: String) {
        self.base = base
        metrics = ModelCallMetrics(backend: backend, calls: [.plot, .substory, .tinystory, .judge])
    }

    func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        try await metrics.measure(.plot) { try await base.writePlot(request) }
    }

    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        try await metrics.measure(.substory) { try await base.expandSubstory(request) }
    }

    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        try await metrics.measure(.tinystory) { try await base.expandTinystory(request) }
    }

    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? {
        try await metrics.measure(.judge) { try await base.judgeQA(request) }
    }
}
