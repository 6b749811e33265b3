import Foundation
import Models
import Synchronization

/// A style learner that answers at once with a fixed embedding, counting calls; optionally held at a gate.
final class InstantStyleLearner: StyleLearner {
    let learnerId = "test-instant-v1"
    private let count = Mutex(0)
    private let gate: Gate?

    init(gate: Gate? = nil) {
        self.gate = gate
    }

    /// Styles learned so far.
    var calls: Int { count.withLock { $0 } }

    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        count.withLock { $0 += 1 }
        if let gate { await gate.wait() }
        return StyleEmbedding(styleId: "", keyword: request.style.keyword, vector: Array(repeating: 0.25, count: 32),
                              lossCurve: [1, 0.5], learner: learnerId)
    }
}

/// A one-shot barrier: `wait()` suspends until `open()`.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}

/// Wraps a story model: counts calls per level and can fail the first `failures` calls of every level.
final class FlakyStoryModel: StoryModel {
    private let inner: any StoryModel
    private let state = Mutex<(calls: [String: Int], failures: Int, error: ModelError)>(([:], 0, .transient("")))

    init(_ inner: any StoryModel, failures: Int = 0, error: ModelError = .transient("model server returned 503")) {
        self.inner = inner
        state.withLock { $0.failures = failures; $0.error = error }
    }

    /// Calls made per level (`plot`, `substory`, `tinystory`).
    var calls: [String: Int] { state.withLock { $0.calls } }

    private func enter(_ level: String) throws {
        try state.withLock {
            $0.calls[level, default: 0] += 1
            if $0.calls[level, default: 0] <= $0.failures { throw $0.error }
        }
    }

    func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        try enter("plot")
        return try await inner.writePlot(request)
    }

    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        try enter("substory")
        return try await inner.expandSubstory(request)
    }

    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        try enter("tinystory")
        return try await inner.expandTinystory(request)
    }

    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { nil }
}
