import Models

extension StageContext {
    /// Marks unit `index` of `stage` done for `movie` and claims the fan-in as
    /// ``PipelineStore/markAndClaim(_:index:expected:movie:claimant:)`` does: true to exactly the one claimant that
    /// completes all `expected` units. A handler's last step: when the answer is false, the message being handled is
    /// finished in the same round trip (``PipelineStore/markAndClaimOrFinish(_:index:expected:movie:claimant:finishing:)``),
    /// so the handler must then return no messages — the runtime publishes none after a finish and only acks.
    public func markFanIn(_ stage: Stage, index: Int, expected: Int, movie: MovieRef, claimant: String) async throws -> Bool {
        guard let handling else {
            return try await state.markAndClaim(stage, index: index, expected: expected, movie: movie, claimant: claimant)
        }
        switch try await state.markAndClaimOrFinish(stage, index: index, expected: expected, movie: movie,
                                                    claimant: claimant, finishing: handling.inHand) {
        case .claimed:
            return true
        case .finished(let first):
            handling.noteFinished(first: first)
            return false
        }
    }
}
