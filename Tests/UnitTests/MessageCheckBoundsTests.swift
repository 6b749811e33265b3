import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import Testing
import TestSupport

/// The door: every count, index, seed and size within the run's own bounds (read from the run record, never from
/// the message), and styles that exist or are the movie's own.
@Suite("Message check at the door: the run's bounds and styles")
struct MessageCheckBoundsTests {
    @Test("write-plot: branching, seed and theme are the run's")
    func writePlot() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.writePlot { $0.branching = Branching(substories: 64, tinystories: 64, keyframes: 64) },
                                 field: "body.branching", rule: "must be the run's branching '2,2,3'")
        await door.expectRefused(door.writePlot { $0.branching.keyframes = 0 }, field: "body.branching", rule: "2,2,3")
        await door.expectRefused(door.writePlot { $0.seed = 12345 }, field: "body.seed", rule: "the seed run")
        await door.expectRefused(door.writePlot { $0.theme = "a desert" }, field: "body.theme", rule: "'a city'")
        await door.expectRefused(door.writePlot { $0.theme = nil }, field: "body.theme", rule: "'a city'")
    }

    @Test("expand-substory: index within the run's substories, counts and seeds as the run derives them",
          arguments: [-1, 2, 1_000_000, Int.min, Int.max])
    func substoryIndex(index: Int) async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.expandSubstory { $0.request.substory.index = index }, field: "body.request.substory.index",
                                 rule: "must be within 0…1, the run's 2 substories")
    }

    @Test("expand-substory: branching, tinystory count, movie seed and request seed")
    func substoryConsistency() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.expandSubstory { $0.branching.tinystories = 1 }, field: "body.branching", rule: "2,2,3")
        await door.expectRefused(door.expandSubstory { $0.request.tinystoryCount = 1_000_000 }, field: "body.request.tinystoryCount",
                                 rule: "must be 2, the run's tinystories per substory")
        await door.expectRefused(door.expandSubstory { $0.movieSeed = 1 }, field: "body.movieSeed", rule: "the seed the run derives")
        await door.expectRefused(door.expandSubstory { $0.request.seed = 1 }, field: "body.request.seed", rule: "substory 1")
    }

    @Test("expand-tinystory: substory and tinystory indexes, keyframe count, branching and seeds")
    func tinystory() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.expandTinystory { $0.substoryIndex = -1 }, field: "body.substoryIndex", rule: "within 0…1")
        await door.expectRefused(door.expandTinystory { $0.request.tinystory.index = 1 << 40 }, field: "body.request.tinystory.index",
                                 rule: "must be within 0…1, the run's 2 tinystories per substory")
        await door.expectRefused(door.expandTinystory { $0.request.keyframeCount = 1000 }, field: "body.request.keyframeCount",
                                 rule: "must be 3")
        await door.expectRefused(door.expandTinystory { $0.branching = Branching(substories: 1, tinystories: 1, keyframes: 1) },
                                 field: "body.branching", rule: "2,2,3")
        await door.expectRefused(door.expandTinystory { $0.movieSeed = 0 }, field: "body.movieSeed", rule: "the seed")
        await door.expectRefused(door.expandTinystory { $0.request.seed = 0 }, field: "body.request.seed", rule: "tinystory 1/1")
    }

    @Test("learn-style: the run's reference images only, a bounded look-again count")
    func learnStyle() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.learnStyle { $0.referenceImages = "/etc" }, field: "body.referenceImages",
                                 rule: "must be the run's reference images, none")
        for recheck in [0, -5, 100_001, Int.max] {
            await door.expectRefused(door.learnStyle { $0.recheck = recheck }, field: "body.recheck", rule: "must be within 1…100000")
        }
        let withImages = try await DoorFixture(styleImages: "/data/refs")
        await withImages.expectRefused(withImages.learnStyle { $0.referenceImages = "/data/refs/../../etc" },
                                       field: "body.referenceImages", rule: "'/data/refs'")
        await withImages.expectRefused(withImages.learnStyle { $0.referenceImages = nil }, field: "body.referenceImages",
                                       rule: "'/data/refs'")
        try await withImages.check.check(withImages.learnStyle(), state: withImages.store)
    }

    @Test("render-frame: index and count within the run's frames (the 4e9 Redis bitmap), sizes 16…4096 and the run's")
    func renderFrame() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.renderFrame { $0.index = 4_000_000_000; $0.count = 4_000_000_000 }, field: "body.count",
                                 rule: "must be 12, the run's frames per movie")
        await door.expectRefused(door.renderFrame { $0.index = 1 << 62 }, field: "body.index", rule: "must be within 1…12")
        for index in [0, -1, 13, Int.min] {
            await door.expectRefused(door.renderFrame { $0.index = index }, field: "body.index", rule: "must be within 1…12")
        }
        await door.expectRefused(door.renderFrame { $0.count = 11 }, field: "body.count", rule: "must be 12")
        await door.expectRefused(door.renderFrame { $0.width = 100_000 }, field: "body.width", rule: "within 16…4096")
        await door.expectRefused(door.renderFrame { $0.height = 1 }, field: "body.height", rule: "within 16…4096")
        await door.expectRefused(door.renderFrame { $0.width = 4096; $0.height = 4096 }, field: "body.width",
                                 rule: "must be 32, the run's frame width")
        await door.expectRefused(door.renderFrame { $0.height = 20 }, field: "body.height", rule: "must be 18")
    }

    @Test("style-ready and render-frame: the style exists in the cache or is the movie's own; nothing else")
    func styles() async throws {
        let door = try await DoorFixture()
        await door.expectRefused(door.styleReady { $0.styleId = "noir-ffffffffffffffff" }, field: "body.styleId",
                                 rule: "no such style in the cache, and not the style of movie 'movie-0002' (none yet)")
        await door.expectRefused(door.renderFrame { $0.styleId = "noir-ffffffffffffffff" }, field: "body.styleId",
                                 rule: "no such style")
        await door.expectRefused(door.renderFrame { $0.styleId = "../../styles/x" }, field: "body.styleId", rule: "ASCII letters")
        await door.expectRefused(door.styleReady { $0.styleId = "" }, field: "body.styleId", rule: "must not be empty")
        // The movie's own style, named while it learns or waits, passes before it lands in the cache.
        try await door.store.updateMovie(door.movie, [.styleId: "noir-0000000000000001"])
        try await door.check.check(door.renderFrame { $0.styleId = "noir-0000000000000001" }, state: door.store)
        try await door.check.check(door.styleReady { $0.styleId = "noir-0000000000000001" }, state: door.store)
        await door.expectRefused(door.styleReady { $0.styleId = "noir-0000000000000002" }, field: "body.styleId",
                                 rule: "'noir-0000000000000001'")
    }

    @Test("an imported story's run: one movie of N frames, its renders bounded by N")
    func importedRun() async throws {
        let store = MemoryPipelineStore()
        let run = RunRecord(runId: "run-import", movies: 1, seed: 0, branching: Branching(substories: 1, tinystories: 1, keyframes: 1331),
                            themes: [], width: 64, height: 36, styleImages: nil, createdAt: 0)
        try await store.createRun(run, movieIds: ["story_info_0"])
        let movie = MovieRef(runId: run.runId, movieId: "story_info_0")
        try await store.updateMovie(movie, [.styleId: "imported-1"])
        let check = MessageCheck()
        func frame(_ index: Int) -> Envelope {
            Envelope(id: MessageId.renderFrame(movie, index: index), movie: movie, body: .renderFrame(RenderFrame(
                movie: movie, index: index, count: 1331, prompt: "a frame", hints: nil, styleId: "imported-1", seed: 1, width: 64, height: 36)))
        }
        try await check.check(frame(1331), state: store)
        await #expect(throws: MessageViolation.self) { try await check.check(frame(1332), state: store) }
    }
}

/// The per-process memory of runs.
@Suite("Run book")
struct RunBookTests {
    @Test("a run is remembered only with its whole movie list, and the oldest is forgotten past capacity")
    func remembering() {
        let book = RunBook(capacity: 2)
        func run(_ id: String, movies: Int) -> RunRecord {
            RunRecord(runId: id, movies: movies, seed: 1, branching: .small, themes: [], width: 32, height: 18, styleImages: nil, createdAt: 0)
        }
        #expect(book.remember(run("partial", movies: 3), movieIds: ["a", "b"]).positions == ["a": 0, "b": 1])
        #expect(book.entry("partial") == nil, "a movie list caught mid-submission is not kept")
        book.remember(run("r1", movies: 1), movieIds: ["a"])
        book.remember(run("r2", movies: 1), movieIds: ["a"])
        book.remember(run("r3", movies: 1), movieIds: ["a"])
        #expect(book.entry("r1") == nil && book.entry("r2") != nil && book.entry("r3")?.positions == ["a": 0])
    }
}
