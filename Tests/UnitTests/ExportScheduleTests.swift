import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models
@testable import BuiltInModels
@testable import Stages

/// The validator re-exports a run's dataset on a schedule, not after every movie, and a complete run's dataset holds
/// every movie.
@Suite("Dataset export schedule")
struct ExportScheduleTests {
    @Test("a run's first movie exports, then at most once per interval, and the movie that completes the run always")
    func firstDueAndLast() async throws {
        let exports = ExportSchedule(interval: .seconds(3600))
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(),
                                            learner: InstantStyleLearner(), exports: exports)
        let run = InMemoryPipeline.run(movies: 5, branching: Branching(substories: 1, tinystories: 1, keyframes: 2))
        try await pipeline.submit(run)
        #expect(await pipeline.drain().deadLetters.isEmpty)
        // Five movies validated: the first (never exported) and the last (completes the run), none in between.
        #expect(exports.exportsNoted == 2)
        let dataset = pipeline.layout.datasetDirectory(run.runId).appendingPathComponent("videoinstruct.json")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dataset)) as? [[String: Any]])
        let videos = Set(entries.compactMap { $0["video_id"] as? String })
        #expect(videos.count == 5, "every movie of the complete run is in its dataset: \(videos.sorted())")
    }

    @Test("an interval of zero exports after every movie; the schedule is due again once the interval passed")
    func interval() {
        let every = ExportSchedule(interval: .zero)
        every.exported("r")
        #expect(every.isDue("r"))
        let hourly = ExportSchedule(interval: .seconds(3600))
        let now = ContinuousClock.now
        #expect(hourly.isDue("r", now: now))
        hourly.exported("r", now: now)
        #expect(!hourly.isDue("r", now: now + .seconds(10)))
        #expect(hourly.isDue("r", now: now + .seconds(3600)))
        #expect(hourly.isDue("other", now: now))
    }

    @Test("a slow export spaces the next one out: never sooner than costRatio times its duration, so a long run's exports stay a bounded share of the validator's time")
    func spacingGrowsWithCost() {
        let exports = ExportSchedule(interval: .seconds(15), costRatio: 9)
        let now = ContinuousClock.now
        exports.exported("r", took: .seconds(1), now: now)
        #expect(!exports.isDue("r", now: now + .seconds(14)))
        #expect(exports.isDue("r", now: now + .seconds(15)), "a quick export: the interval alone")
        exports.exported("r", took: .seconds(4), now: now)
        #expect(!exports.isDue("r", now: now + .seconds(35)), "4 s exports wait 9 x 4 s, not 15 s")
        #expect(exports.isDue("r", now: now + .seconds(36)))
        let fixed = ExportSchedule(interval: .seconds(15), costRatio: 0)
        fixed.exported("r", took: .seconds(60), now: now)
        #expect(fixed.isDue("r", now: now + .seconds(15)), "cost ratio 0: the interval alone")
    }
}
