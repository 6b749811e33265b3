import DreamFrameCore
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// The door: ids, texts, the run and movie a message names. Run bounds and styles: `MessageCheckBoundsTests`.
@Suite("Message check at the door: ids, texts, runs")
struct MessageCheckTests {
    @Test("every message the stages build passes, at one store round trip each and the run read once")
    func validMessagesPass() async throws {
        let door = try await DoorFixture()
        for envelope in door.everyMessage {
            try await door.check.check(envelope, state: door.store)
        }
        #expect(await door.store.calls["admission"] == door.everyMessage.count, "one round trip per message")
        #expect(await door.store.calls.keys.sorted() == ["admission", "createRun", "storeStyle"], "nothing else is read or written")
    }

    @Test("bad run and movie ids are refused on every kind, naming the field and the rule",
          arguments: [
            ("", "must not be empty"), (String(repeating: "r", count: 201), "at most 200 bytes"),
            (String(repeating: "x", count: 10_240), "at most 200 bytes"), ("../../../../etc/escape", "ASCII letters"),
            ("/etc/passwd", "ASCII letters"), ("a\u{0}b", "ASCII letters"), (".hidden", "starts with"), ("..", "starts with"),
            (".", "starts with"), ("-rf", "starts with"), ("mövie", "ASCII letters"), ("a/b", "ASCII letters"),
            ("a b", "ASCII letters"), ("a\nb", "ASCII letters"), ("x;rm", "ASCII letters"),
          ])
    func badIds(id: String, rule: String) async throws {
        let door = try await DoorFixture()
        for envelope in door.everyMessage {
            var badMovie = envelope
            badMovie.movie.movieId = id
            badMovie = SampleMovie.rederived(badMovie)
            await door.expectRefused(badMovie, field: "movie.movieId", rule: rule)
            var badRun = envelope
            badRun.movie.runId = id
            badRun = SampleMovie.rederived(badRun)
            await door.expectRefused(badRun, field: "movie.runId", rule: rule)
        }
    }

    @Test("10 kB ids on every kind are refused at once, the value truncated in the reason, with nothing read")
    func oversizedIds() async throws {
        let door = try await DoorFixture()
        let huge = String(repeating: "a", count: 10_240)
        for envelope in door.everyMessage {
            var bad = envelope
            bad.movie = MovieRef(runId: huge, movieId: huge)
            bad = SampleMovie.rederived(bad)
            let reason = await door.expectRefused(bad, field: "movie.runId", rule: "ids are at most 200 bytes (this one is 10240)")
            #expect(reason.utf8.count < 400, "the reason shows a truncated value: \(reason.utf8.count) bytes")
            #expect(reason.contains("bytes)"))
        }
        #expect(await door.store.calls["admission"] == nil, "refused before any round trip")
    }

    @Test("a message id must be exactly the id its content derives")
    func derivedIds() async throws {
        let door = try await DoorFixture()
        for envelope in door.everyMessage {
            var other = envelope
            other.id = "\(door.movie)/f1"
            if other.id == envelope.id { other.id = "\(door.movie)/validate" }
            await door.expectRefused(other, field: "id", rule: "must be the id its content derives, '\(envelope.id)'")
        }
        var traversal = door.renderFrame()
        traversal.id = "\(door.movie)/f5/../../x"
        await door.expectRefused(traversal, field: "id", rule: "ids joined by '/'")
    }

    @Test("<run>/<movie> longer than 160 bytes is refused, so every derived id fits in 200")
    func movieRefLength() async throws {
        let door = try await DoorFixture()
        var long = door.validateMovie()
        long.movie = MovieRef(runId: String(repeating: "r", count: 100), movieId: String(repeating: "m", count: 70))
        long = SampleMovie.rederived(long)
        await door.expectRefused(long, field: "movie", rule: "at most 160 bytes")
    }

    @Test("the body's movie must be the envelope's")
    func bodyMovie() async throws {
        let door = try await DoorFixture()
        var envelope = door.renderFrame()
        envelope.movie = MovieRef(runId: door.run.runId, movieId: "movie-0001")
        envelope.id = MessageId.derived(from: envelope)
        await door.expectRefused(envelope, field: "body.movie", rule: "must be the envelope's movie")
    }

    @Test("a run nobody submitted, a movie not in the run, a movie whose state expired: refused")
    func phantomRunsAndMovies() async throws {
        let door = try await DoorFixture()
        for envelope in door.everyMessage {
            var phantomRun = envelope
            phantomRun.movie.runId = "run-nobody-submitted"
            await door.expectRefused(SampleMovie.rederived(phantomRun), field: "movie.runId", rule: "no such run")
            var phantomMovie = envelope
            phantomMovie.movie.movieId = "movie-0003"
            await door.expectRefused(SampleMovie.rederived(phantomMovie), field: "movie.movieId", rule: "not one of the 2 movies of run")
        }
        await door.store.expireMovie(door.movie)
        await door.expectRefused(door.validateMovie(), field: "movie.movieId", rule: "the movie's state is gone")
        let runs = await door.store.runs, movies = await door.store.movies
        #expect(runs.count == 1 && movies.count == 1, "nothing was created for a phantom")
    }

    @Test("texts: control characters and NUL bytes, oversized texts and lists are refused, naming the field")
    func texts() async throws {
        let door = try await DoorFixture()
        let nul = "a story\u{0}with a NUL"
        let big = String(repeating: "w", count: 20_000)
        await door.expectRefused(door.writePlot { $0.theme = "sea\u{1b}[31m" }, field: "body.theme", rule: "no control characters (found U+001B)")
        await door.expectRefused(door.expandSubstory { $0.request.substory.content = nul }, field: "body.request.substory.content",
                                 rule: "no control characters (found U+0000)")
        await door.expectRefused(door.expandSubstory { $0.request.substory.content = big }, field: "body.request.substory.content",
                                 rule: "at most 16384 bytes (this one is 20000)")
        await door.expectRefused(door.expandSubstory { $0.request.movie.locations = Array(repeating: "a place", count: 10_000) },
                                 field: "body.request.movie.locations", rule: "at most 64 entries")
        await door.expectRefused(door.expandSubstory { $0.request.substory.qa.answer = nul }, field: "body.request.substory.qa.answer",
                                 rule: "U+0000")
        await door.expectRefused(door.expandTinystory { $0.request.tinystory.content = nul }, field: "body.request.tinystory.content",
                                 rule: "U+0000")
        await door.expectRefused(door.expandTinystory { $0.request.substoryContent = big }, field: "body.request.substoryContent",
                                 rule: "at most 16384 bytes")
        await door.expectRefused(door.expandTinystory { $0.request.movie.title = String(repeating: "T", count: 300) },
                                 field: "body.request.movie.title", rule: "at most 256 bytes")
        await door.expectRefused(door.learnStyle { $0.style.keyword = "Noir\u{7}" }, field: "body.style.keyword", rule: "U+0007")
        await door.expectRefused(door.learnStyle { $0.style.description = big }, field: "body.style.description", rule: "at most 16384")
        await door.expectRefused(door.renderFrame { $0.prompt = nul }, field: "body.prompt", rule: "U+0000")
        await door.expectRefused(door.renderFrame { $0.prompt = String(repeating: "p", count: 9000) }, field: "body.prompt",
                                 rule: "at most 8192 bytes")
        await door.expectRefused(door.renderFrame { $0.hints?.characters = Array(repeating: door.plot.characters[0], count: 65) },
                                 field: "body.hints.characters", rule: "at most 64 entries")
        await door.expectRefused(door.renderFrame { $0.hints?.verb = "stand\u{0}" }, field: "body.hints.verb", rule: "U+0000")
        let tabsAndNewlines = door.expandSubstory { $0.request.substory.content = "line one\n\tline two\r\n" }
        try await door.check.check(tabsAndNewlines, state: door.store)
        #expect(await door.store.calls["admission"] == 1, "refused texts cost no round trip")
    }

    @Test("text limits are configurable")
    func configurableLimits() async throws {
        let strict = try await DoorFixture(limits: MessageLimits(maxPromptBytes: 40, maxTextBytes: 100))
        await strict.expectRefused(strict.renderFrame(), field: "body.prompt", rule: "at most 40 bytes")
        await strict.expectRefused(strict.expandSubstory { $0.request.substory.content = String(repeating: "c", count: 101) },
                                   field: "body.request.substory.content", rule: "at most 100 bytes")
    }

    @Test("a run the door would refuse is refused where it is made, before anything is recorded or published")
    func submission() async throws {
        let store = MemoryPipelineStore()
        let publisher = MemoryPublisher()
        let submitter = RunSubmitter(state: store, publisher: publisher, topology: TestPaths.topology)
        for runId in ["my run", "../x", String(repeating: "r", count: 150)] {
            let run = RunRecord(runId: runId, movies: 1, seed: 1, branching: .small, themes: [], width: 32, height: 18,
                                styleImages: nil, createdAt: 0)
            await #expect(throws: MessageViolation.self) { try await submitter.submit(run) }
        }
        #expect(await store.runs.isEmpty && publisher.published.isEmpty)
        #expect(throws: Never.self) { try MessageCheck.checkSubmission(runId: "run-20250101-000000-abcd", movieId: "story_info_0") }
    }

    @Test("a refused value is quoted with control characters escaped and cut, its size said")
    func quoting() {
        #expect(MessageViolation.quote("a\u{0}b") == #"'a\u{0}b'"#)
        #expect(MessageViolation.quote(String(repeating: "x", count: 100), limit: 4) == "'xxxx…' (100 bytes)")
        let violation = MessageViolation(.renderFrame, field: "body.index", value: "4000000000", rule: "must be within 1…12")
        #expect(violation.description == "invalid render-frame message: body.index = 4000000000: must be within 1…12")
        #expect(violation.failureClass == "invalid-message")
    }
}
