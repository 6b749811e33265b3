import BuiltInModels
import DreamFrameCore
import Foundation
import Models
import Pipeline
import Stages
import Synchronization
import Testing
import TestSupport

/// The built-in image model for its first `answered` renders; every later render hangs until it is cancelled
/// (an image server that stopped answering).
private final class HangingImageModel: ImageModel {
    private let inner = BuiltInImageModel()
    private let answered: Int
    private let count = Mutex(0)

    init(answered: Int) { self.answered = answered }

    func render(_ request: RenderRequest) async throws -> Data {
        let call = count.withLock { $0 += 1; return $0 }
        if call > answered { try await Task.sleep(for: .seconds(86_400)) }
        return try await inner.render(request)
    }
}

/// One time limit for a style's whole learning, its reference images drawn and its training together, so a
/// delivery's work ends before the broker's consumer timeout takes it back.
@Suite("Style learning time limit", .timeLimit(.minutes(1)))
struct StyleLearnTimeLimitTests {
    /// A one-movie run taken up to its `learn-style` message, which is returned undelivered.
    private static func learnMessage(_ pipeline: InMemoryPipeline) async throws -> Envelope {
        _ = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2)))
        var cursor = 0
        while cursor < pipeline.publisher.published.count {
            let message = pipeline.publisher.published[cursor]
            cursor += 1
            guard let envelope = try? Envelope.decode(message.body) else { continue }
            if envelope.kind == .learnStyle { return envelope }
            _ = await pipeline.runtimes[envelope.kind.stage]?.process(StyleLeaseTests.delivery(message))
        }
        throw StageError.permanent("the run published no learn-style message")
    }

    @Test("drawing that outlasts the limit is cut off: transient, the images drawn kept, the lease given up, no training")
    func drawingOutlastsTheLimit() async throws {
        let learner = ReferenceLearner()
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(), learner: learner)
        let envelope = try await Self.learnMessage(pipeline)
        let hanging = StyleTrainerHandler(learner: learner, leaseSeconds: 60,
                                          references: StyleReferences(model: HangingImageModel(answered: 2), perLocation: 2,
                                                                      locations: 2, parallel: 1),
                                          learnTimeLimit: .seconds(1))
        do {
            _ = try await hanging.handle(envelope, context: pipeline.context)
            Issue.record("expected the learning's time limit")
        } catch let error as StageError {
            guard case .transient(let why) = error else { Issue.record("not transient: \(error)"); return }
            #expect(why.contains("did not finish within its time limit of 1.0 seconds"), "\(why)")
            #expect(why.contains("the 2 drawn are kept"), "\(why)")
        }
        #expect(learner.requests.isEmpty, "no training without its reference images")
        #expect(await pipeline.store.styleLeases.isEmpty, "the lease is given up")

        // The next attempt draws the other two and trains, with what is left of a fresh limit.
        let model = RecordingImageModel()
        let next = StyleTrainerHandler(learner: learner, leaseSeconds: 60,
                                       references: StyleReferences(model: model, perLocation: 2, locations: 2, parallel: 1),
                                       learnTimeLimit: .seconds(600))
        _ = try await next.handle(envelope, context: pipeline.context)
        #expect(model.requests.count == 2, "only the images the first attempt did not draw")
        let request = try #require(learner.requests.first)
        #expect(request.referenceImages.count == 4)
        let left = try #require(request.timeLimit)
        #expect(left > .zero && left <= .seconds(600), "the learner gets what is left of the limit: \(left)")
    }

    @Test("a learner's own limit is capped by what the request has left")
    func requestCapsTheLearnersLimit() {
        let spec = StyleSpec(keyword: "Noir", tone: "", description: "")
        #expect(StyleRequest(style: spec, referenceImages: [], seed: 1).timeLimit(cappedBy: .seconds(60)) == .seconds(60))
        #expect(StyleRequest(style: spec, referenceImages: [], seed: 1, timeLimit: .seconds(5))
            .timeLimit(cappedBy: .seconds(60)) == .seconds(5))
        #expect(StyleRequest(style: spec, referenceImages: [], seed: 1, timeLimit: .seconds(500))
            .timeLimit(cappedBy: .seconds(60)) == .seconds(60))
    }
}
