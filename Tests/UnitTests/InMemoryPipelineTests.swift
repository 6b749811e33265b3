import BuiltInModels
import Clients
import DreamFrameCore
import Foundation
import Models
import Pipeline
import Stages
import Testing
import TestSupport

/// The five handlers and the real runtime over in-memory fakes: whole movies in milliseconds, no services.
@Suite("Stages in memory")
struct InMemoryPipelineTests {
    let branching = Branching(substories: 2, tinystories: 2, keyframes: 2)

    private func pipeline(story: (any StoryModel)? = nil, learner: InstantStyleLearner = InstantStyleLearner(),
                          maxAttempts: Int = 5) throws -> InMemoryPipeline {
        try InMemoryPipeline(storyModel: story ?? BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                             learner: learner, maxAttempts: maxAttempts)
    }

    @Test("a fan-in unit that does not complete its fan-in is finished by its mark: one store call, not two; the completing one is finished after its publish")
    func fanInMarksFinish() async throws {
        let pipeline = try pipeline()
        let run = InMemoryPipeline.run(movies: 2, branching: branching)
        try await pipeline.submit(run)
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.isEmpty)
        let calls = await pipeline.store.calls
        let frames = 2 * branching.framesPerMovie, tinystories = 2 * branching.substories * branching.tinystories
        // Every frame and every tinystory marks its fan-in through the one call; all but one per movie and fan-in
        // are finished by it, so the runtime's own finish is left for the other messages only.
        #expect(calls["markAndClaimOrFinish"] == frames + tinystories)
        #expect(calls["markAndClaim"] == nil)
        let messages = 2 * (1 + branching.substories + branching.substories * branching.tinystories + 1
                            + branching.framesPerMovie + 1)
        #expect(calls["finishMessage"] == messages - (frames - 2) - (tinystories - 2))
        #expect(outcome.handled == messages)
    }

    @Test("two movies run from submit to dataset: every frame, record and QA written, every movie done")
    func wholeRun() async throws {
        let pipeline = try pipeline()
        let run = InMemoryPipeline.run(movies: 2, branching: branching)
        let movies = try await pipeline.submit(run)
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.isEmpty)
        #expect(outcome.settlements.allSatisfy { $0 == .ack })
        for movie in movies {
            for index in 1...branching.framesPerMovie {
                #expect(FileManager.default.fileExists(atPath: pipeline.layout.frame(movie, index: index).path))
            }
            #expect(FileManager.default.fileExists(atPath: pipeline.layout.record(movie).path))
            #expect(try await pipeline.store.movieFields(movie)[MovieField.state.rawValue] == MovieState.done.rawValue)
        }
        let records = try DatasetExporter(layout: pipeline.layout).records(runId: run.runId)
        #expect(records.count == 2)
        let progress = try #require(try await RunProgress.load(runId: run.runId, state: pipeline.store))
        #expect(progress.isComplete)
        #expect(progress.stages.first { $0.stage == Stage.frameRenderer.rawValue }?.done == 2 * branching.framesPerMovie)
    }

    @Test("Redis lost right after the validator's write that finished a movie: the run still completes and counts it")
    func outageAfterTheMovieIsDone() async throws {
        // Found by make chaos (round 3, a proxy reset during validation): the movie's state was `done` but the
        // validator's progress mark, the next write, was lost; every redelivery was then dropped as a duplicate of
        // a done movie, the run counted 23 of 24 movies for ever, and repair skipped the movie as done.
        let pipeline = try pipeline()
        await pipeline.store.setFailureAfterDone(RedisLost())
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let movies = try await pipeline.submit(run)
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.isEmpty)
        #expect(await pipeline.store.failureAfterDone == nil, "the outage happened")
        #expect(try await pipeline.store.movieFields(movies[0])[MovieField.state.rawValue] == MovieState.done.rawValue)
        let progress = try #require(try await RunProgress.load(runId: run.runId, state: pipeline.store))
        #expect(progress.moviesDone == 1 && progress.isComplete, "the finished movie is counted: \(progress.moviesDone)")
        #expect(progress.stages.first { $0.stage == Stage.qaValidator.rawValue }?.done == 1)
    }

    @Test("frame seeds: each movie's own by default; with the paper's, frame k is seed 20 + k in every movie; the card says which and how frames were rendered")
    func frameSeeds() async throws {
        for policy in [FrameSeed.movie, .paper] {
            let images = RecordingImageModel()
            let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: images, learner: InstantStyleLearner())
            var run = InMemoryPipeline.run(movies: 2, branching: branching)
            run.frameSeeds = policy == .movie ? nil : policy
            try await pipeline.submit(run)
            #expect(await pipeline.drain().deadLetters.isEmpty)
            let frames = branching.framesPerMovie
            let seeds = Dictionary(grouping: images.requests, by: \.prompt).values.flatMap { $0.map(\.seed) }
            #expect(seeds.count == 2 * frames)
            if policy == .paper {
                #expect(Set(seeds) == Set((1...frames).map { UInt64(20 + $0) }), "20 + frame index in both movies")
            } else {
                #expect(Set(seeds).count == 2 * frames, "each movie seeds its frames with its own seed")
            }
            let card = try String(contentsOf: pipeline.layout.datasetDirectory(run.runId).appendingPathComponent("README.md"), encoding: .utf8)
            #expect(card.contains(policy == .paper ? "20 + frame index in every movie" : "movie seed + 20 + frame index"))
            #expect(card.contains("## Rendering") && card.contains("| builtin |"), "\(card)")
        }
    }

    @Test("every message delivered twice: the duplicates are dropped and the outputs are the same")
    func redeliveredTwice() async throws {
        let once = try pipeline()
        let twice = try pipeline()
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let movie = try await once.submit(run)[0]
        try await twice.submit(run)
        _ = await once.drain()
        let outcome = await twice.drain(duplicates: true)
        #expect(outcome.deadLetters.isEmpty)
        #expect(twice.publisher.published.count == once.publisher.published.count, "a duplicate published nothing")
        // Every delivery claimed (with the door's check in the same call once the runtime knew the run).
        let calls = await twice.store.calls
        #expect(calls["claimMessage", default: 0] + calls["admitAndClaim", default: 0] == outcome.handled)
        for index in 1...branching.framesPerMovie {
            let a = try Data(contentsOf: once.layout.frame(movie, index: index))
            let b = try Data(contentsOf: twice.layout.frame(movie, index: index))
            #expect(a == b, "frame \(index) differs")
        }
        let storyA = try StoryDocument.load(once.layout.story(movie))
        let storyB = try StoryDocument.load(twice.layout.story(movie))
        #expect(storyA.qa == storyB.qa)
    }

    @Test("a model call is made once per expansion even when its message is handled again after a lost done-mark")
    func commitOnceAcrossRedelivery() async throws {
        let model = FlakyStoryModel(BuiltInStoryModel())
        let pipeline = try pipeline(story: model)
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        try await pipeline.submit(run)
        let plot = pipeline.publisher.published[0]
        let runtime = try #require(pipeline.runtimes[.plotWriter])
        let delivery = Delivery(tag: 1, generation: 0, body: plot.body, messageId: plot.messageId,
                                headers: plot.headers, redelivered: false, exchange: "", routingKey: "")
        #expect(await runtime.process(delivery) == .ack)
        // The done-mark was lost (say Redis restarted): the message runs again, the model is not asked again.
        let id = try Envelope.decode(plot.body).id
        await pipeline.store.forgetDone(id)
        #expect(await runtime.process(delivery) == .ack)
        #expect(model.calls["plot"] == 1)
        let substories = pipeline.publisher.envelopes.filter { $0.kind == .expandSubstory }
        #expect(substories.count == 2 * branching.substories, "the same substory messages, published again")
        #expect(Set(substories.map(\.id)).count == branching.substories)
    }

    @Test("transient model errors retry through the delay queues with the attempt raised, then succeed")
    func transientRetries() async throws {
        let model = FlakyStoryModel(BuiltInStoryModel(), failures: 2)
        let pipeline = try pipeline(story: model)
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.isEmpty)
        #expect(outcome.retried == 6, "two retries at each of the three levels")
        let attempts = pipeline.publisher.published.compactMap { $0.headers[MessageHeaders.attempt]?.intValue }
        #expect(attempts.max() == 3)
        let delays = pipeline.publisher.published.filter { message in
            TestPaths.topology.queues(for: .plotWriter).retries.contains { $0.routingKey == message.routingKey && $0.exchange == message.exchange }
        }.map(\.routingKey)
        let retries = TestPaths.topology.queues(for: .plotWriter).retries
        #expect(delays == [retries[0].routingKey, retries[1].routingKey], "1 s, then 10 s")
    }

    @Test("a transient error on the last attempt and a permanent error at once are dead-lettered with reasons")
    func deadLetters() async throws {
        let flaky = try pipeline(story: FlakyStoryModel(BuiltInStoryModel(), failures: 100), maxAttempts: 3)
        try await flaky.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        let gaveUp = await flaky.drain()
        let letter = try #require(gaveUp.deadLetters.first)
        #expect(gaveUp.deadLetters.count == 1)
        #expect(letter.headers[MessageHeaders.attempt]?.intValue == 3)
        #expect(letter.headers[MessageHeaders.errorClass]?.stringValue == "model-transient")
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.hasPrefix("gave up after 3 attempts") == true)
        #expect(letter.headers[MessageHeaders.stage]?.stringValue == "plot-writer")

        let broken = try pipeline(story: FlakyStoryModel(BuiltInStoryModel(), failures: 100,
                                                         error: .permanent("the answer is not JSON")))
        try await broken.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        let refused = await broken.drain()
        #expect(refused.retried == 0)
        let permanent = try #require(refused.deadLetters.first)
        #expect(permanent.headers[MessageHeaders.attempt]?.intValue == 1)
        #expect(permanent.headers[MessageHeaders.errorClass]?.stringValue == "model-permanent")
        #expect(permanent.headers[MessageHeaders.error]?.stringValue?.contains("not JSON") == true)
    }

    @Test("movies sharing a style learn it once: the second parks and is woken by style-ready")
    func stylePark() async throws {
        let gate = Gate()
        let learner = InstantStyleLearner(gate: gate)
        let pipeline = try pipeline(learner: learner)
        // Two runs with the same seed: their movies have the same plot, hence one style.
        var movies = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        movies += try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        // Expand both stories, stopping before the style stage.
        var learns: [OutgoingMessage] = []
        var cursor = 0
        while cursor < pipeline.publisher.published.count {
            let message = pipeline.publisher.published[cursor]
            cursor += 1
            guard let envelope = try? Envelope.decode(message.body) else { continue }
            if envelope.kind == .learnStyle { learns.append(message); continue }
            let stage = envelope.kind.stage
            _ = await pipeline.runtimes[stage]?.process(delivery(message))
        }
        #expect(learns.count == 2)
        let styles = try learns.map { message -> StyleSpec in
            guard case .learnStyle(let learn) = try Envelope.decode(message.body).body else { throw StageError.permanent("") }
            return learn.style
        }
        #expect(styles[0] == styles[1])
        let trainer = try #require(pipeline.runtimes[.styleTrainer])
        let firstDelivery = delivery(learns[0])
        let first = Task { await trainer.process(firstDelivery) }
        while learner.calls == 0 { await Task.yield() }
        let before = pipeline.publisher.published.count
        #expect(await trainer.process(delivery(learns[1])) == .ack)
        let parkedOutputs = pipeline.publisher.envelopes.dropFirst(before)
        #expect(parkedOutputs.map(\.id) == ["\(movies[1])/style/recheck-1"], "the parked movie only set a timer to look again")
        #expect(try await pipeline.store.movieFields(movies[1])[MovieField.state.rawValue] == MovieState.waitingForStyle.rawValue)
        await gate.open()
        #expect(await first.value == .ack)
        let wakeUps = pipeline.publisher.envelopes.filter { $0.kind == .styleReady }
        #expect(wakeUps.map(\.movie) == [movies[1]])
        _ = await pipeline.drain(from: before)
        #expect(learner.calls == 1)
        for movie in movies {
            #expect(try await pipeline.store.movieFields(movie)[MovieField.state.rawValue] == MovieState.done.rawValue)
        }
    }

    @Test("the last frame sends the movie to validation exactly once, and again to the same claimant")
    func fanInOnce() async throws {
        let pipeline = try pipeline()
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        _ = await pipeline.drain(duplicates: true)
        let validations = pipeline.publisher.envelopes.filter { $0.kind == .validateMovie }
        #expect(validations.count == 1)
        let learns = pipeline.publisher.envelopes.filter { $0.kind == .learnStyle }
        #expect(learns.count == 1)
    }

    private func delivery(_ message: OutgoingMessage) -> Delivery {
        Delivery(tag: 1, generation: 0, body: message.body, messageId: message.messageId, headers: message.headers,
                 redelivered: false, exchange: message.exchange, routingKey: message.routingKey)
    }
}

@Suite("Style identity")
struct StyleIdentityTests {
    @Test("styles that differ in any field a learner reads get different cache keys; equal styles share one")
    func coversEveryInput() throws {
        let base = StyleSpec(keyword: "Dramatic", tone: "tense, dark", description: "deep shadows, red light")
        var tone = base
        tone.tone = "bright, hopeful"
        var description = base
        description.description = "soft pastels"
        var keyword = base
        keyword.keyword = "dramatic"
        let id = { (style: StyleSpec) in try StyleIdentity.make(style: style, referenceImages: [], learnerId: "l") }
        let ids = try [base, tone, description, keyword].map(id)
        #expect(Set(ids).count == 4)
        #expect(try id(base) == ids[0])
        #expect(try StyleIdentity.make(style: base, referenceImages: [], learnerId: "other") != ids[0])
    }
}

/// Redis gone (an outage: held, retried without spending an attempt).
private struct RedisLost: ClassifiedError, CustomStringConvertible {
    var failureKind: FailureKind { .outage }
    var failureClass: String { "redis" }
    var description: String { "redis connection: Server closed the connection" }
}
