import BuiltInModels
import Clients
import Foundation
import Models
@testable import Pipeline
import Stages
import Testing
import TestSupport

/// `dreamframe repair` over the in-memory pipeline: each piece of state a Redis crash can lose (`appendfsync
/// everysec`) is lost at the moment that hangs the movie; the reconciler then republishes exactly what is missing
/// and the movie finishes with the same output as a clean run.
@Suite("Repair of stuck movies")
struct RepairTests {
    let branching = Branching(substories: 2, tinystories: 2, keyframes: 2)

    private func makePipeline(learner: InstantStyleLearner = InstantStyleLearner()) throws -> InMemoryPipeline {
        try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(), learner: learner)
    }

    /// The outputs of `runs` run cleanly in a pipeline of their own, per movie.
    private func clean(_ runs: [RunRecord]) async throws -> [MovieRef: [String: Data]] {
        let pipeline = try makePipeline()
        var movies: [MovieRef] = []
        for run in runs { movies += try await pipeline.submit(run) }
        _ = await pipeline.drain()
        var outputs: [MovieRef: [String: Data]] = [:]
        for movie in movies {
            #expect(try await pipeline.state(of: movie) == .done)
            outputs[movie] = try pipeline.outputs(of: movie)
        }
        return outputs
    }

    /// Drains what the repair published and checks the movie finished with the clean run's files.
    private func finishesLikeClean(_ pipeline: InMemoryPipeline, from start: Int, movie: MovieRef,
                                   clean: [String: Data]?) async throws {
        let deadLetters = await pipeline.step(from: start)
        #expect(deadLetters.isEmpty, "nothing dead-lettered after the repair")
        #expect(try await pipeline.state(of: movie) == .done, "\(movie) finished after the repair")
        let outputs = try pipeline.outputs(of: movie)
        #expect(outputs.keys.sorted() == clean?.keys.sorted(), "the same files as a clean run")
        #expect(outputs == clean, "the same bytes as a clean run")
    }

    @Test("a movie idle while its stage's queue still holds messages is in line: neither diagnosed nor republished (its messages may be in line); once the queue has drained, it is")
    func idleInLineIsNotLost() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        let lost = MessageId.renderFrame(movie, index: 2)
        await pipeline.step(drop: { $0.id == lost })
        #expect(try await pipeline.state(of: movie) == .rendering, "a frame message never arrived: the movie hangs")

        let start = pipeline.publisher.published.count
        let (inLine, nothing) = try await pipeline.repair(backlog: { [.frameRenderer: 1_000, .qaValidator: 0] })
        #expect(inLine.moviesInLine == 1 && inLine.stuck.isEmpty, "in line, not diagnosed as stuck: \(inLine.text)")
        #expect(nothing.isEmpty && inLine.published == 0, "nothing republished while the renderers' queue holds messages")
        #expect(inLine.text.contains("1 in line, 0 stuck"))
        // A backlog only where the movie does not wait (the plot writer) does not hold it: stuck, frame republished.
        let (validatorBusy, none) = try await pipeline.repair(backlog: { [.qaValidator: 0, .frameRenderer: 0, .plotWriter: 7] })
        #expect(validatorBusy.moviesInLine == 0 && validatorBusy.stuck.map(\.action) == [.republished])
        #expect(none.map(\.id) == [lost])
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
    }

    @Test("a lost frame mark: the fan-in never completes; repair marks the frame again and sends the movie to validation")
    func lostFrameMark() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        await pipeline.step(after: { envelope in
            guard envelope.id == MessageId.renderFrame(movie, index: 3) else { return }
            await pipeline.store.forgetProgress(.frameRenderer, index: 2, movie: movie)
            await pipeline.store.forgetDone(envelope.id)
        })
        #expect(try await pipeline.state(of: movie) == .rendering, "every message handled, the movie hangs")
        #expect(pipeline.published(MessageId.validateMovie(movie)).isEmpty)

        let start = pipeline.publisher.published.count
        let (report, sent) = try await pipeline.repair()
        #expect(sent.map(\.id) == [MessageId.validateMovie(movie)])
        #expect(report.stuck.first?.restoredFrameMarks == [3])
        #expect(try #require(sent.first).encoded() == NextMessages.validateMovie(movie).encoded())
        #expect(await pipeline.store.progress["\(movie)/\(Stage.frameRenderer.rawValue)"]?.count == branching.framesPerMovie)
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
    }

    @Test("a lost substory result: assembly fails after its parent was acked; repair expands it again and re-sends the fan-in owner")
    func lostExpansionResult() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        let deadLetters = await pipeline.step(after: { envelope in
            if envelope.id == MessageId.expandSubstory(movie, substory: 0) {
                await pipeline.store.forgetResult(.substory(0), movie: movie)
            }
        })
        #expect(deadLetters.count == 1, "the assembling tinystory gave up")
        #expect(!FileManager.default.fileExists(atPath: pipeline.layout.story(movie).path))

        let start = pipeline.publisher.published.count
        let (report, sent) = try await pipeline.repair()
        let claimant = try #require(await pipeline.store.fanIns["\(movie)/\(Stage.storyExpander.rawValue)"])
        #expect(sent.map(\.id) == [MessageId.expandSubstory(movie, substory: 0), claimant])
        #expect(report.stuck.first?.problems.first == MovieProblem.substoriesMissing([0]).description)
        let original = try #require(pipeline.published(MessageId.expandSubstory(movie, substory: 0)).first)
        #expect(try #require(sent.first).encoded() == original.encoded(), "the same message the plot writer sent")
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
    }

    @Test("a lost plot: the story never assembles; one pass writes the plot again, the next re-sends the fan-in owner")
    func lostPlot() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        await pipeline.step(after: { envelope in
            if envelope.id == MessageId.writePlot(movie) { await pipeline.store.forgetResult(.plot, movie: movie) }
        })
        // An expanding movie waits on the expander, whose queue is empty: stuck. Its repair goes to the plot writer,
        // whose queue holds messages (its plot may be among them): held back.
        let (held, none) = try await pipeline.repair(backlog: { [.storyExpander: 0, .plotWriter: 2] })
        #expect(held.moviesInLine == 0 && held.stuck.map(\.action) == [.queued] && none.isEmpty, "\(held.text)")
        #expect(held.text.contains("not republished"))
        let first = try await pipeline.repair().1
        #expect(first.map(\.id) == [MessageId.writePlot(movie)])
        #expect(try #require(first.first).encoded() == pipeline.publisher.envelopes[0].encoded(), "the same message submit sent")
        await pipeline.step(from: pipeline.publisher.published.count - 1)
        let start = pipeline.publisher.published.count
        let second = try await pipeline.repair().1
        #expect(second.map(\.kind) == [.expandTinystory])
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
    }

    /// Two movies with one style: the first learns it (held at a gate) while the second parks; then the second's
    /// parked mark is lost and the first finishes learning. Returns the movies and the second's `learn-style`.
    private func parkAndLoseWaiter(_ pipeline: InMemoryPipeline, learner: InstantStyleLearner, gate: Gate,
                                   runs: [RunRecord]) async throws -> ([MovieRef], OutgoingMessage, Int) {
        let movies = [try await pipeline.submit(runs[0])[0], try await pipeline.submit(runs[1])[0]]
        await pipeline.step(drop: { $0.kind == .learnStyle })
        let learns = pipeline.publisher.published.filter { (try? Envelope.decode($0.body))?.kind == .learnStyle }
        try #require(learns.count == 2)
        let trainer = try #require(pipeline.runtimes[.styleTrainer])
        let first = learns[0]
        let learning = Task { await trainer.process(Self.delivery(first)) }
        while learner.calls == 0 { await Task.yield() }
        let parkedAt = pipeline.publisher.published.count
        _ = await trainer.process(Self.delivery(learns[1]))
        let styleId = try #require(await pipeline.store.movieFields(movies[1])[MovieField.styleId.rawValue])
        await pipeline.store.forgetWaiter(movies[1], styleId: styleId)
        await gate.open()
        _ = await learning.value
        #expect(pipeline.publisher.envelopes.filter { $0.kind == .styleReady }.isEmpty, "nobody wakes movie 2")
        return (movies, learns[1], parkedAt)
    }

    @Test("a lost parked mark alone: the look-again message (once a minute, through the delay queue) wakes the movie")
    func lostStyleWaiterCoveredByRecheck() async throws {
        let gate = Gate()
        let learner = InstantStyleLearner(gate: gate)
        let pipeline = try makePipeline(learner: learner)
        let runs = [InMemoryPipeline.run(movies: 1, branching: branching), InMemoryPipeline.run(movies: 1, branching: branching)]
        let (movies, _, parkedAt) = try await parkAndLoseWaiter(pipeline, learner: learner, gate: gate, runs: runs)
        await pipeline.step(from: parkedAt)
        #expect(try await pipeline.state(of: movies[1]) == .done)
        #expect(try await pipeline.repair().1.isEmpty)
    }

    @Test("a lost parked mark whose look-again message died too: the movie waits for ever; repair asks for its style again")
    func lostStyleWaiter() async throws {
        let gate = Gate()
        let learner = InstantStyleLearner(gate: gate)
        let pipeline = try makePipeline(learner: learner)
        // Two runs with one seed: two movies with one style.
        let runs = [InMemoryPipeline.run(movies: 1, branching: branching), InMemoryPipeline.run(movies: 1, branching: branching)]
        let reference = try await clean(runs)
        let (movies, second, parkedAt) = try await parkAndLoseWaiter(pipeline, learner: learner, gate: gate, runs: runs)
        // The look-again message is lost as well (say it was dead-lettered): nothing will ever wake movie 2.
        await pipeline.step(from: parkedAt, drop: { $0.id.hasPrefix("\(movies[1])/style/recheck-") })
        #expect(try await pipeline.state(of: movies[0]) == .done)
        #expect(try await pipeline.state(of: movies[1]) == .waitingForStyle)

        let start = pipeline.publisher.published.count
        let (report, sent) = try await pipeline.repair()
        #expect(sent.map(\.id) == [MessageId.learnStyle(movies[1])])
        #expect(try #require(sent.first).encoded() == Envelope.decode(second.body).encoded(), "the same message the expander sent")
        #expect(report.moviesDone == 1)
        try await finishesLikeClean(pipeline, from: start, movie: movies[1], clean: reference[movies[1]])
        #expect(learner.calls == 1, "the style was taken from the cache")
    }

    @Test("a lost style embedding: every render fails until dead-lettered; repair asks for the style, which is learned again")
    func lostEmbedding() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        let deadLetters = await pipeline.step(after: { envelope in
            guard envelope.kind == .learnStyle else { return }
            for styleId in await pipeline.store.styles.keys { await pipeline.store.forgetStyle(styleId) }
        })
        #expect(deadLetters.count == branching.framesPerMovie, "every render gave up: the style is not in the cache")
        #expect(try await pipeline.state(of: movie) == .rendering)

        let start = pipeline.publisher.published.count
        let sent = try await pipeline.repair().1
        #expect(sent.map(\.id) == [MessageId.learnStyle(movie)])
        let original = try #require(pipeline.published(MessageId.learnStyle(movie)).first)
        #expect(try #require(sent.first).encoded() == original.encoded(), "the same message the expander sent")
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
    }

    @Test("a lost done state: record.json is written but the run never completes; repair validates the movie again")
    func lostState() async throws {
        let run = InMemoryPipeline.run(movies: 1, branching: branching)
        let reference = try await clean([run])
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(run)[0]
        await pipeline.step(after: { envelope in
            guard envelope.kind == .validateMovie else { return }
            // The validator's last writes are lost: the done state, its mark and the message's done-mark.
            await pipeline.store.forgetMovieFields([.state, .doneAt], movie: movie)
            await pipeline.store.forgetProgress(.qaValidator, index: 0, movie: movie)
            await pipeline.store.forgetDone(envelope.id)
        })
        #expect(try await RunProgress.load(runId: run.runId, state: pipeline.store)?.isComplete == false)
        let start = pipeline.publisher.published.count
        let (report, sent) = try await pipeline.repair()
        #expect(sent.map(\.id) == [MessageId.validateMovie(movie)])
        #expect(report.stuck.first?.problems == [MovieProblem.recordWithoutDone.description])
        try await finishesLikeClean(pipeline, from: start, movie: movie, clean: reference[movie])
        #expect(try await RunProgress.load(runId: run.runId, state: pipeline.store)?.isComplete == true)
    }

    @Test("a healthy movie gets no messages, and neither does a done one")
    func healthyAndDone() async throws {
        let pipeline = try makePipeline()
        let running = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))[0]
        await pipeline.step(drop: { $0.kind == .renderFrame })
        #expect(try await pipeline.state(of: running) == .rendering, "frames still to render")
        let (active, sent) = try await pipeline.repair(stale: 300)
        #expect(sent.isEmpty)
        #expect(active.moviesActive == 1 && active.stuck.isEmpty)

        let finished = try makePipeline()
        let movie = try await finished.submit(InMemoryPipeline.run(movies: 1, branching: branching))[0]
        _ = await finished.drain()
        await finished.store.age(movie, secondsAgo: 3600)
        let (done, none) = try await finished.repair(stale: 0)
        #expect(none.isEmpty)
        #expect(done.moviesDone == 1 && done.stuck.isEmpty)
    }

    @Test("a dry run sends nothing; repairs without progress in between give up after three")
    func dryRunAndGivingUp() async throws {
        let pipeline = try makePipeline()
        let movie = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))[0]
        await pipeline.step(drop: { $0.kind == .validateMovie })
        let (dry, none) = try await pipeline.repair(dryRun: true)
        #expect(none.isEmpty)
        #expect(dry.stuck.first?.action == .wouldRepublish && dry.stuck.first?.messages == [MessageId.validateMovie(movie)])
        for pass in 1...4 {
            let (report, sent) = try await pipeline.repair()
            #expect(sent.count == (pass <= 3 ? 1 : 0), "pass \(pass)")
            #expect(report.stuck.first?.action == (pass <= 3 ? .republished : .gaveUp))
        }
    }

    @Test("only the holder of the repair lease scans")
    func lease() async throws {
        let pipeline = try makePipeline()
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        await pipeline.step(drop: { $0.kind == .validateMovie })
        let services = ["process-a", "process-b"].map {
            RepairService(reconciler: pipeline.reconciler(), every: .seconds(60), stale: 0, owner: $0,
                          logger: TestPaths.quietLogger)
        }
        let before = pipeline.publisher.published.count
        try await services[0].pass()
        #expect(pipeline.publisher.published.count == before + 1)
        #expect(await pipeline.store.repairLease == "process-a")
        try await services[1].pass()
        #expect(pipeline.publisher.published.count == before + 1, "process b does not hold the lease")
        try await pipeline.store.releaseRepairLease(owner: "process-a")
        try await services[1].pass()
        #expect(await pipeline.store.repairLease == "process-b")
        #expect(pipeline.publisher.published.count == before + 2, "process b took the lease over and scanned")
    }

    static func delivery(_ message: OutgoingMessage) -> Delivery {
        Delivery(tag: 1, generation: 0, body: message.body, messageId: message.messageId, headers: message.headers,
                 redelivered: false, exchange: message.exchange, routingKey: message.routingKey)
    }
}
