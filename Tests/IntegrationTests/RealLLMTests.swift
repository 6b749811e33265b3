import Foundation
import Testing
import Clients
import DreamFrameCore
import Models
import HTTPModels
import Pipeline
import TestSupport

/// The story model against a real llama.cpp server with a 135M model: the contract, not prose quality. Every level
/// ends in a schema-valid answer or a permanent error with a readable reason, never a hang; the whole pipeline ends
/// a movie judged by the validator, or dead letters saying why; a resubmitted run is answered from the cache.
@Suite("A real LLM: llama.cpp's llama-server with SmolLM2-135M", .serialized)
struct RealLLMTests {
    @Test("each level in the strongest mode the server takes: a valid answer or a permanent, readable error",
          .timeLimit(.minutes(10)))
    func levels() async throws {
        let client = HTTPClient()
        try await RealLLM.requireHealthy(client: client)
        let usage = ModelUsageCounter()
        let model = OpenAIStoryModel(configuration: .init(baseURL: try RealLLM.baseURL, model: RealLLM.model,
                                                          temperature: 0, timeout: .seconds(240), usage: usage),
                                     client: client)
        let started = ContinuousClock.now
        var outcomes: [String] = []
        func attempt<T>(_ level: String, _ body: () async throws -> T) async throws -> T? {
            do {
                let value = try await body()
                outcomes.append("\(level): valid")
                return value
            } catch let error as ModelError {
                guard case .permanent(let why) = error else { throw error }
                #expect(why.hasPrefix("level"), "the reason names the level: \(why)")
                #expect(!why.contains("The given data"), "a reason a person can read: \(why)")
                outcomes.append("\(level): permanent error: \(why.prefix(300))")
                return nil
            }
        }
        let plot = try await attempt("level 1") {
            try await model.writePlot(PlotRequest(seed: 3, theme: "a lighthouse keeper and a stray dog", substoryCount: 2))
        }
        if let plot {
            #expect(plot.substories.count == 2)
            #expect(plot.locations.count >= 12)
            #expect(StorySchemas.genres.contains(plot.genre))
            if let expansion = try await attempt("level 2", {
                try await model.expandSubstory(SubstoryRequest(seed: 4, movie: plot.context, substory: plot.substories[0],
                                                               tinystoryCount: 2))
            }) {
                #expect(expansion.tinystories.count == 2)
                #expect(expansion.tinystories.allSatisfy { plot.locations.contains($0.location) })
                if let frames = try await attempt("level 3", {
                    try await model.expandTinystory(TinystoryRequest(seed: 5, movie: plot.context,
                                                                     substoryContent: plot.substories[0].content,
                                                                     tinystory: expansion.tinystories[0], keyframeCount: 2))
                }) {
                    #expect(frames.keyframes.count == 2)
                    #expect(frames.keyframes.allSatisfy { OpenAIStoryModel.keyframeVerbs.contains($0.verb) })
                    #expect(frames.keyframes.allSatisfy { $0.description.hasPrefix("generate an image in ") })
                }
            }
        }
        let seconds = RealLLM.seconds(since: started)
        let spent = usage.snapshot
        #expect(model.endpoint.currentMode == .jsonSchema, "llama-server takes strict json_schema")
        print("real LLM levels in \(String(format: "%.1f", seconds)) s, mode \(model.endpoint.currentMode): \(spent.calls) calls, "
              + "\(spent.promptTokens) prompt + \(spent.completionTokens) completion tokens "
              + "(\(String(format: "%.0f", Double(spent.completionTokens) / max(seconds, 0.001))) generated/s); "
              + outcomes.joined(separator: "; "))
    }

    @Test("one movie through the five real stages on it, then the same run again from the response cache",
          .timeLimit(.minutes(20)))
    func pipeline() async throws {
        let client = HTTPClient()
        try await RealLLM.requireHealthy(client: client)
        try await PipelineHarness.onIsolatedServices { harness, services in try await run(harness, services: services) }
    }

    private func run(_ harness: PipelineHarness, services: IsolatedServices) async throws {
        let llm = try RealLLM.stageEnvironment(cache: harness.layout.root.appendingPathComponent(".model-cache"))
        for stage in [Stage.plotWriter, .storyExpander] { try harness.start(stage, arguments: ["--repair-every", "0"], environment: llm) }
        for stage in [Stage.styleTrainer, .frameRenderer, .qaValidator] { try harness.start(stage, arguments: ["--repair-every", "0"]) }
        let branching = Branching(substories: 2, tinystories: 2, keyframes: 2)
        let started = ContinuousClock.now
        let first = try await harness.submit(movies: 1, branching: branching, seed: 21, size: (64, 36))
        let firstOutcome = try await settle(first, harness)
        let firstSeconds = RealLLM.seconds(since: started)
        let afterFirst = try await usage(harness, services)

        let again = try await harness.submit(movies: 1, branching: branching, seed: 21, size: (64, 36))
        let secondOutcome = try await settle(again, harness)
        let afterSecond = try await usage(harness, services)
        let hits = afterSecond.cacheHits - afterFirst.cacheHits
        let misses = afterSecond.cacheMisses - afterFirst.cacheMisses
        #expect(hits > 0, "the resubmitted run is answered from the cache")
        #expect(firstOutcome == secondOutcome, "the same answers make the same outcome")
        print("real LLM pipeline: first run \(firstOutcome) in \(String(format: "%.0f", firstSeconds)) s with "
              + "\(afterFirst.calls) calls and \(afterFirst.promptTokens + afterFirst.completionTokens) tokens; "
              + "resubmit: \(hits) cache hits, \(misses) misses (hit rate \(hits + misses == 0 ? 0 : 100 * hits / (hits + misses))%)")
    }

    /// Waits until the run is complete (the validator judged its movie) or stopped on dead letters with readable
    /// reasons and nothing left in any queue; returns which.
    private func settle(_ run: RunRecord, _ harness: PipelineHarness) async throws -> String {
        let endpoints = try AMQPEndpoints(parsing: harness.environment["DREAMFRAME_BROKER_URL"] ?? "")
        let topology = TestEnvironment.topology
        var quietSince: ContinuousClock.Instant?
        var reasons: [String] = []
        try await harness.waitUntil("the movie done, or dead letters and every queue empty", timeout: .seconds(900)) {
            if try await harness.progress(run).isComplete { return true }
            let (pending, dead) = try await BlockingWork.run {
                let admin = try AMQPAdmin(endpoints: endpoints)
                defer { admin.close() }
                var pending = 0
                var dead: [String] = []
                for stage in Stage.allCases {
                    let queues = topology.queues(for: stage)
                    for queue in [queues.workQueue] + queues.retries.map(\.queue) { pending += try admin.stats(queue)?.messages ?? 0 }
                    while let letter = try admin.get(queues.deadQueue) {
                        try admin.ack(letter)
                        dead.append("\(stage.rawValue): " + (letter.headers[MessageHeaders.error]?.stringValue ?? ""))
                    }
                }
                return (pending, dead)
            }
            reasons += dead
            let workers = try await WorkerRegistry(redis: harness.redis).workers()
            let busy = workers.contains { $0.activity.inFlight > 0 }
            guard !reasons.isEmpty, pending == 0, !busy else { quietSince = nil; return false }
            quietSince = quietSince ?? .now
            return ContinuousClock.now - quietSince! > .seconds(6)
        }
        if try await harness.progress(run).isComplete {
            let movie = MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0))
            let record = try JSONSerialization.jsonObject(with: Data(contentsOf: harness.layout.record(movie))) as? [String: Any]
            #expect(record != nil, "the validator wrote the movie's record")
            #expect(FileManager.default.fileExists(atPath: harness.layout.story(movie).path))
            let kept = (record?["qa"] as? [Any])?.count ?? (record?["kept"] as? [Any])?.count
            let rejected = (record?["rejected"] as? [Any])?.count
            print("real LLM movie judged by the validator: record keys \(record?.keys.sorted() ?? []), "
                  + "kept \(kept.map(String.init) ?? "?"), rejected \(rejected.map(String.init) ?? "?")")
            return "complete"
        }
        for reason in reasons {
            #expect(reason.contains("level"), "a dead letter names the level: \(reason)")
            #expect(!reason.contains("The given data"), "a reason a person can read: \(reason)")
        }
        print("real LLM dead letters: " + reasons.map { String($0.prefix(240)) }.joined(separator: " | "))
        return "dead-lettered (\(reasons.count))"
    }

    /// The model usage the plot writer and story expander report in their heartbeats.
    private func usage(_ harness: PipelineHarness, _ services: IsolatedServices) async throws -> ModelUsage {
        try await Task.sleep(for: .seconds(6))   // one heartbeat interval, so the reports are current
        var total = ModelUsage()
        for report in try await WorkerRegistry(redis: harness.redis).workers() {
            guard let models = report.activity.models else { continue }
            total.calls += models.calls
            total.cacheHits += models.cacheHits
            total.cacheMisses += models.cacheMisses
            total.promptTokens += models.promptTokens
            total.completionTokens += models.completionTokens
        }
        return total
    }
}
