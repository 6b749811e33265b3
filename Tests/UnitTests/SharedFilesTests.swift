import BuiltInModels
import Clients
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// Files written on another host (a shared filesystem) can appear late: waited for, then retried, never
/// dead-lettered at once.
@Suite("Files that appear late")
struct SharedFilesTests {
    private func pipelineUpToValidation() async throws -> (InMemoryPipeline, MovieRef, OutgoingMessage) {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner(), fileWait: .milliseconds(800))
        let movie = try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2)))[0]
        _ = await pipeline.drain(limit: 6)  // plot, substory, tinystory, style, two frames
        let validate = try #require(pipeline.publisher.published.last)
        try #require(try Envelope.decode(validate.body).kind == .validateMovie)
        return (pipeline, movie, validate)
    }

    private func delivery(_ message: OutgoingMessage) -> Delivery {
        Delivery(tag: 1, generation: 0, body: message.body, messageId: message.messageId, headers: message.headers,
                 redelivered: false, exchange: message.exchange, routingKey: message.routingKey)
    }

    @Test("a story.json that becomes visible a moment later is waited for")
    func lateStory() async throws {
        let (pipeline, movie, validate) = try await pipelineUpToValidation()
        let story = pipeline.layout.story(movie)
        let aside = story.appendingPathExtension("aside")
        try FileManager.default.moveItem(at: story, to: aside)
        let runtime = try #require(pipeline.runtimes[.qaValidator])
        let message = delivery(validate)
        let validating = Task { await runtime.process(message) }
        try await Task.sleep(for: .milliseconds(300))
        try FileManager.default.moveItem(at: aside, to: story)
        #expect(await validating.value == .ack)
        #expect(try await pipeline.store.movieFields(movie)["state"] == "done")
    }

    @Test("a frame that never appears is retried later with a reason, not dead-lettered at once")
    func missingFrameIsTransient() async throws {
        let (pipeline, movie, validate) = try await pipelineUpToValidation()
        try FileManager.default.removeItem(at: pipeline.layout.frame(movie, index: 2))
        let runtime = try #require(pipeline.runtimes[.qaValidator])
        #expect(await runtime.process(delivery(validate)) == .ack)
        let retry = try #require(pipeline.publisher.published.last)
        let retries = TestPaths.topology.queues(for: .qaValidator).retries
        #expect(retries.contains { $0.routingKey == retry.routingKey }, "sent to a delay queue")
        #expect(retry.headers[MessageHeaders.error]?.stringValue?.contains("0002.png") == true)
    }
}
