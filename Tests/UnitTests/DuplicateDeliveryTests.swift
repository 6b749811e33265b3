import BuiltInModels
import Clients
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// Late and concurrent duplicates: a twin still in flight, a lost done-mark after the movie finished.
@Suite("Duplicates in flight and after the fact")
struct DuplicateDeliveryTests {
    let branching = Branching(substories: 1, tinystories: 2, keyframes: 2)

    private func finishedMovie() async throws -> (InMemoryPipeline, MovieRef) {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        let movie = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))[0]
        let outcome = await pipeline.drain()
        try #require(outcome.deadLetters.isEmpty)
        try #require(try await pipeline.store.movieFields(movie)["state"] == "done")
        return (pipeline, movie)
    }

    private func delivery(_ message: OutgoingMessage) -> Delivery {
        Delivery(tag: 1, generation: 0, body: message.body, messageId: message.messageId, headers: message.headers,
                 redelivered: true, exchange: message.exchange, routingKey: message.routingKey)
    }

    @Test("a copy whose twin is still being handled elsewhere waits, then drops itself when the twin finishes")
    func twinInFlight() async throws {
        let pipeline = try InMemoryPipeline(storyModel: FlakyStoryModel(BuiltInStoryModel()), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        let plot = pipeline.publisher.published[0]
        let id = try Envelope.decode(plot.body).id
        let movie = try Envelope.decode(plot.body).movie
        await pipeline.store.setInFlight(id, owner: "another-process")
        let runtime = try #require(pipeline.runtimes[.plotWriter])
        let copy = delivery(plot)
        let handling = Task { await runtime.process(copy) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(pipeline.publisher.published.count == 1, "the copy did not run while its twin was in flight")
        try await pipeline.store.finishMessage(id, movie: movie, owner: "another-process")
        #expect(await handling.value == .ack)
        #expect(pipeline.publisher.published.count == 1, "and dropped itself once the twin was done")
    }

    @Test("a twin that died releases nothing: the copy takes over once its claim is gone")
    func twinDied() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: branching))
        let plot = pipeline.publisher.published[0]
        let id = try Envelope.decode(plot.body).id
        await pipeline.store.setInFlight(id, owner: "a-dead-process")
        let runtime = try #require(pipeline.runtimes[.plotWriter])
        let copy = delivery(plot)
        let handling = Task { await runtime.process(copy) }
        try await Task.sleep(for: .milliseconds(200))
        await pipeline.store.setInFlight(id, owner: nil)  // the lease expired
        #expect(await handling.value == .ack)
        #expect(pipeline.publisher.envelopes.contains { $0.kind == .expandSubstory })
    }

    @Test("after the movie is done, a late duplicate whose done-mark was lost changes nothing")
    func lateDuplicateAfterDone() async throws {
        let (pipeline, movie) = try await finishedMovie()
        await pipeline.store.forgetAllDone()
        let published = pipeline.publisher.published.count
        let replays = pipeline.publisher.published.filter { message in
            guard let kind = try? Envelope.decode(message.body).kind else { return false }
            return [.learnStyle, .renderFrame, .expandTinystory].contains(kind)
        }
        for message in replays {
            let stage = try Envelope.decode(message.body).kind.stage
            #expect(await pipeline.runtimes[stage]?.process(delivery(message)) == .ack)
        }
        #expect(pipeline.publisher.published.count == published, "no render, style or validation published again")
        #expect(try await pipeline.store.movieFields(movie)["state"] == "done")
    }

    @Test("a message that took its worker down five times is dead-lettered as poison; its neighbours are not blamed")
    func poisonMessage() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        try await pipeline.submit(InMemoryPipeline.run(movies: 2, branching: branching))
        let poison = pipeline.publisher.published[0], neighbour = pipeline.publisher.published[1]
        let id = try Envelope.decode(poison.body).id
        // Five workers began handling it and died (their claims expired without a finish).
        for worker in 1...5 {
            _ = try await pipeline.store.claimMessage(id, movie: try Envelope.decode(poison.body).movie,
                                                      owner: "worker-\(worker)", leaseSeconds: 15)
            await pipeline.store.setInFlight(id, owner: nil)
        }
        let runtime = try #require(pipeline.runtimes[.plotWriter])
        var redelivered = delivery(poison)
        redelivered.headers["x-delivery-count"] = .int(3)
        #expect(await runtime.process(redelivered) == .ack)
        let letter = try #require(pipeline.publisher.published.last)
        #expect(letter.headers[MessageHeaders.errorClass]?.stringValue == "poison")
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.contains("began 6 times") == true)
        // Its neighbour was prefetched alongside and requeued by every crash, but never started: handled as usual.
        var neighbourCopy = delivery(neighbour)
        neighbourCopy.headers["x-delivery-count"] = .int(3)
        #expect(await runtime.process(neighbourCopy) == .ack)
        #expect(pipeline.publisher.envelopes.contains { $0.kind == .expandSubstory && $0.movie != (try? Envelope.decode(poison.body).movie) })
    }

    @Test("a movie's state only moves forward")
    func forwardOnly() async throws {
        let store = MemoryPipelineStore()
        let movie = MovieRef(runId: "r", movieId: "m")
        #expect(try await store.advance(movie, to: .rendering, [.styleId: "s1"]))
        #expect(try await store.advance(movie, to: .done, [:]))
        #expect(try await !store.advance(movie, to: .rendering, [.styleId: "s2"]))
        let fields = try await store.movieFields(movie)
        #expect(fields["state"] == "done")
        #expect(fields["style_id"] == "s1", "a refused move sets none of its fields")
    }
}

@Suite("Temporary files")
struct TemporaryFileTests {
    @Test("a killed writer's temporary files are swept; a live writer's and unrelated dot files are kept")
    func sweep() throws {
        let directory = try TestPaths.temporaryDirectory("df-tmp")
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "_")
        let dead = [".video.mp4.\(host).999999.abcd1234.tmp", ".0001.png.\(host).999998.beef0000.tmp"]
        let live = TemporaryFile.url(for: directory.appendingPathComponent("record.json")).lastPathComponent
        for name in dead + [live, ".keep"] {
            try Data("x".utf8).write(to: directory.appendingPathComponent(name))
        }
        let removed = TemporaryFile.sweep(directory)
        #expect(Set(removed) == Set(dead))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(Set(left) == [live, ".keep"])
    }

    @Test("validation sweeps the movie's folders: a video a killed validator was encoding does not outlive it")
    func validatorSweeps() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner())
        let movie = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2)))[0]
        // Stop before validation, and leave what a validator killed during ffmpeg would leave.
        let outcome = await pipeline.drain(limit: 5)
        try #require(outcome.deadLetters.isEmpty)
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "_")
        let stale = pipeline.layout.movieDirectory(movie).appendingPathComponent(".video.mp4.\(host).999997.0badf00d.tmp")
        try FileManager.default.createDirectory(at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("half a video".utf8).write(to: stale)
        _ = await pipeline.drain()
        #expect(try await pipeline.store.movieFields(movie)["state"] == "done")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
