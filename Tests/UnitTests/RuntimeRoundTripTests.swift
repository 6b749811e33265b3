import BuiltInModels
import Clients
import Foundation
import Models
@testable import Pipeline
import Testing
import TestSupport

/// What a message costs the store: the door and the claim share one call once a runtime knows the run, and a
/// first render does not ask for its frame's progress mark.
@Suite("Store calls per message")
struct RuntimeRoundTripTests {
    @Test("after a runtime's first message of a run, the door's check and the claim are one store call")
    func doorAndClaimShareACall() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        try await pipeline.submit(InMemoryPipeline.run(movies: 2, branching: Branching(substories: 2, tinystories: 2, keyframes: 2)))
        let outcome = await pipeline.drain()
        try #require(outcome.deadLetters.isEmpty)
        let calls = await pipeline.store.calls
        // Each of the five runtimes learns the run once (admission, then a claim); every later message is one call.
        #expect(calls["admission", default: 0] <= Stage.allCases.count)
        #expect(calls["admitAndClaim", default: 0] >= outcome.handled - Stage.allCases.count)
        #expect(calls["claimMessage", default: 0] <= Stage.allCases.count)
    }

    @Test("a frame rendered for the first time (no file yet) costs no look at its progress mark")
    func firstRenderSkipsTheMarkLookup() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 2, keyframes: 2)))
        let outcome = await pipeline.drain()
        try #require(outcome.deadLetters.isEmpty)
        #expect(await pipeline.store.calls["isProgressMarked"] == nil)
    }

    @Test("one loop renews every registered claim, and only while it is registered")
    func renewerRenewsRegisteredClaims() async throws {
        let store = MemoryPipelineStore()
        let movie = MovieRef(runId: "run-a", movieId: "movie-1")
        _ = try await store.claimMessage("run-a/movie-1/plot", movie: movie, owner: "me", leaseSeconds: 15)
        _ = try await store.claimMessage("run-a/movie-1/style", movie: movie, owner: "me", leaseSeconds: 15)
        let renewer = ClaimRenewer(state: store, leaseSeconds: 15, period: .milliseconds(20))
        let first = renewer.add("run-a/movie-1/plot", owner: "me")
        let second = renewer.add("run-a/movie-1/style", owner: "me")
        #expect(renewer.count == 2)
        try await waitFor { await store.calls["renewMessageClaim", default: 0] >= 4 }
        renewer.remove(first)
        renewer.remove(second)
        #expect(renewer.count == 0)
        try await Task.sleep(for: .milliseconds(100))
        let settled = await store.calls["renewMessageClaim", default: 0]
        try await Task.sleep(for: .milliseconds(100))
        #expect(await store.calls["renewMessageClaim", default: 0] == settled, "no renewal once nothing is registered")
    }

    private func waitFor(_ condition: () async -> Bool) async throws {
        for _ in 0..<500 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await condition())
    }
}
