import BuiltInModels
import Clients
import Foundation
import Models
import Pipeline
import Synchronization
import Testing
import TestSupport

/// A story model whose plots wait until the test opens the gate (a handler held up, as on a host cut off).
final class GatedStoryModel: StoryModel {
    private let inner = BuiltInStoryModel()
    private let gate = Mutex<(open: Bool, entered: Bool)>((false, false))

    var entered: Bool { gate.withLock { $0.entered } }
    func open() { gate.withLock { $0.open = true } }

    func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        gate.withLock { $0.entered = true }
        while !gate.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(10)) }
        return try await inner.writePlot(request)
    }
    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion { try await inner.expandSubstory(request) }
    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion { try await inner.expandTinystory(request) }
    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { try await inner.judgeQA(request) }
}

@Suite("A handling whose claim lapsed")
struct LapsedClaimTests {
    @Test("A copy whose claim lapsed while it ran, and whose twin finished first, counts as a duplicate, not handled")
    func lapsedWhileRunning() async throws {
        let model = GatedStoryModel()
        let pipeline = try InMemoryPipeline(storyModel: model, imageModel: BuiltInImageModel(), learner: InstantStyleLearner())
        let movie = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 1)))[0]
        let plot = pipeline.publisher.published[0]
        let id = try Envelope.decode(plot.body).id
        let runtime = try #require(pipeline.runtimes[.plotWriter])
        let copy = Delivery(tag: 1, generation: 0, body: plot.body, messageId: plot.messageId, headers: plot.headers,
                            redelivered: false, exchange: plot.exchange, routingKey: plot.routingKey)
        let handling = Task { await runtime.process(copy) }
        while !model.entered { try await Task.sleep(for: .milliseconds(5)) }
        // Cut off: its lease lapses, a twin elsewhere claims the message and finishes it.
        await pipeline.store.setInFlight(id, owner: "the-other-host")
        #expect(try await pipeline.store.finishMessage(id, movie: movie, owner: "the-other-host"), "the twin finished first")
        model.open()
        #expect(await handling.value == .ack)
        let activity = runtime.activity()
        #expect(activity.handled == 0 && activity.duplicates == 1, "counted as the duplicate it was: \(activity)")
        #expect(try await !pipeline.store.finishMessage(id, movie: movie, owner: "late"), "a later finish is not first either")
    }
}
