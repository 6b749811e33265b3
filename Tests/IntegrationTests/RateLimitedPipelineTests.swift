import Clients
import DreamFrameCore
import Foundation
import Models
import Pipeline
import Testing

/// The rate-limit contract at the pipeline's level: the plot writer and the story expander (32 handlers)
/// share a story model server limited to 10 requests/s that answers bursts with 429s (500 ms a call) — each process with its own
/// limiter, learning the server's pace from its headers and waiting out its Retry-After. Waiting is not failing:
/// the run completes, nothing is dead-lettered. (Utilisation is the chat endpoint test's to assert: here two
/// processes share the limit, and the run's shape, not the limiter, decides how busy the server is.)
@Suite("The pipeline on a story model limited to 10 requests/s")
struct RateLimitedPipelineTests {
    @Test("bursts of 429s from a 10 requests/s story model: the run completes with zero dead letters",
          .timeLimit(.minutes(10)))
    func completesWithoutDeadLetters() async throws {
        let stub = try await ModelStubServer.start()
        defer { stub.stop() }
        try await PipelineHarness.onIsolatedServices { harness, _ in
            let limited = ["DREAMFRAME_STORY_MODEL": "openai", "DREAMFRAME_STORY_MODEL_URL": stub.url("/v1").absoluteString,
                           "DREAMFRAME_STORY_MODEL_NAME": "stub-limited-10-delay-500", "DREAMFRAME_API_KEY": "test-key"]
            try harness.start(.plotWriter, environment: limited)
            for stage in [Stage.styleTrainer, .frameRenderer, .qaValidator] { try harness.start(stage) }
            // 4 plots, 16 substories and 64 tinystories: 84 calls. The expander starts once the plots are written, so
            // its handlers find 16 substories waiting and ask for them at once, more than the server's burst of 10,
            // and as a real LLM the server takes 500 ms a call: the burst is out before any answer says to slow down.
            let branching = Branching(substories: 4, tinystories: 4, keyframes: 2)
            let run = try await harness.submit(movies: 4, branching: branching, size: (64, 36))
            try await harness.waitUntil("the plots written") { try await harness.done(run, .plotWriter) == run.movies }
            try harness.start(.storyExpander, environment: limited)
            let broker = try AMQPEndpoints(parsing: harness.environment["DREAMFRAME_BROKER_URL"] ?? "")
            var deadLetters = 0
            var lastLook = ContinuousClock.now
            try await harness.waitUntil("the run complete, or a dead letter", timeout: .seconds(420)) {
                if try await harness.progress(run).isComplete { return true }
                guard ContinuousClock.now - lastLook > .seconds(1) else { return false }
                lastLook = .now
                deadLetters = try await Self.deadLetterCount(broker)
                return deadLetters > 0
            }
            let letters = try await DeadLetterReplayer(broker: broker, topology: TestEnvironment.topology)
                .list(DeadLetterFilter(runId: run.runId))
            #expect(letters.isEmpty, "nothing dead-lettered: \(letters.map(\.reason))")
            try #require(try await harness.progress(run).isComplete)
            try harness.checkExactlyOnce(run)
            let use = try await ServerRateLimitUse.read(stub, model: "stub-limited-10-delay-500", client: HTTPClient())
            let calls = run.movies * (1 + branching.substories + branching.tinystoriesPerMovie)
            #expect(use.accepted >= calls, "every story call was answered")
            #expect(use.refused > 0, "the server refused bursts with 429s: the limits were exercised")
            print("rate-limited pipeline: \(calls) story calls; the stub \(use.summary)")
        }
    }

    /// Messages in every stage's dead-letter queue.
    static func deadLetterCount(_ broker: AMQPEndpoints) async throws -> Int {
        try await BlockingWork.run {
            let admin = try AMQPAdmin(endpoints: broker)
            defer { admin.close() }
            return try Stage.allCases.reduce(0) { count, stage in
                count + (try admin.stats(TestEnvironment.topology.queues(for: stage).deadQueue)?.messages ?? 0)
            }
        }
    }
}
