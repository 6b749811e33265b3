import Clients
import Foundation
import Models
import Pipeline
import Testing
import TestSupport

/// The Redis store's Lua scripts against the real Redis: message claims and forward-only movie state.
@Suite("Redis pipeline store")
struct RedisPipelineStoreTests {
    private func withStore(_ body: (RedisPipelineStore) async throws -> Void) async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis]) { try await body(RedisPipelineStore(redis: redis)) }
    }

    @Test("a message is claimed by one owner at a time, done after finishing, free again after a release")
    func messageClaims() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            let id = "\(movie)/plot"
            #expect(try await store.claimMessage(id, movie: movie, owner: "a", leaseSeconds: 30) == .claimed(starts: 1))
            #expect(try await store.claimMessage(id, movie: movie, owner: "b", leaseSeconds: 30) == .inFlightElsewhere)
            #expect(try await store.renewMessageClaim(id, owner: "a", leaseSeconds: 30))
            #expect(try await !store.renewMessageClaim(id, owner: "b", leaseSeconds: 30))
            try await store.releaseMessageClaim(id, movie: movie, owner: "a")
            #expect(try await store.claimMessage(id, movie: movie, owner: "b", leaseSeconds: 30) == .claimed(starts: 1))
            try await store.finishMessage(id, movie: movie, owner: "b")
            #expect(try await store.claimMessage(id, movie: movie, owner: "c", leaseSeconds: 30) == .alreadyDone)
        }
    }

    @Test("the door's checks and the claim in one script: a gone movie or a foreign style writes nothing")
    func admitAndClaim() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            let id = "\(movie)/f1"
            #expect(try await store.admitAndClaim(id, movie: movie, owner: "a", leaseSeconds: 30, style: nil) == .movieGone)
            try await store.updateMovie(movie, [.styleId: "own-style"])
            let foreign = TestEnvironment.unique("style")
            #expect(try await store.admitAndClaim(id, movie: movie, owner: "a", leaseSeconds: 30, style: foreign)
                    == .styleUnknown(movieStyle: "own-style"))
            // Nothing was claimed by the refused looks: another owner claims the message at once, its first start.
            #expect(try await store.admitAndClaim(id, movie: movie, owner: "b", leaseSeconds: 30, style: "own-style")
                    == .admitted(.claimed(starts: 1)))
            #expect(try await store.admitAndClaim(id, movie: movie, owner: "c", leaseSeconds: 30, style: nil)
                    == .admitted(.inFlightElsewhere))
            try await store.finishMessage(id, movie: movie, owner: "b")
            #expect(try await store.admitAndClaim(id, movie: movie, owner: "c", leaseSeconds: 30, style: nil)
                    == .admitted(.alreadyDone))
        }
    }

    @Test("finishing says whether this owner finished the message first: not when a twin did while its claim lapsed")
    func finishFirst() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            let id = "\(movie)/f1"
            #expect(try await store.claimMessage(id, movie: movie, owner: "cut-off", leaseSeconds: 30) == .claimed(starts: 1))
            // The cut-off owner's lease lapses (released here), a twin claims and finishes first.
            try await store.releaseMessageClaim(id, movie: movie, owner: "cut-off")
            #expect(try await store.claimMessage(id, movie: movie, owner: "twin", leaseSeconds: 30) == .claimed(starts: 1))
            #expect(try await store.finishMessage(id, movie: movie, owner: "twin"), "the twin finished first")
            #expect(try await !store.finishMessage(id, movie: movie, owner: "cut-off"), "the late copy is a duplicate")
            // A done movie: first only for the owner that still holds its lease (the validator that finished it).
            let done = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            #expect(try await store.claimMessage("\(done)/validate", movie: done, owner: "validator", leaseSeconds: 30) == .claimed(starts: 1))
            #expect(try await store.advance(done, to: .done, [:]))
            #expect(try await store.finishMessage("\(done)/validate", movie: done, owner: "validator"))
            #expect(try await !store.finishMessage("\(done)/validate", movie: done, owner: "lapsed"))
        }
    }

    @Test("a fan-in mark that does not complete the fan-in finishes its message in the same script; the one that completes it finishes nothing")
    func fanInMarkFinishes() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            let opening = MessageInHand(messageId: "\(movie)/f1", movie: movie, owner: "r1")
            let closing = MessageInHand(messageId: "\(movie)/f2", movie: movie, owner: "r2")
            #expect(try await store.claimMessage(opening.messageId, movie: movie, owner: "r1", leaseSeconds: 30) == .claimed(starts: 1))
            #expect(try await store.claimMessage(closing.messageId, movie: movie, owner: "r2", leaseSeconds: 30) == .claimed(starts: 1))
            let openingMark = try await store.markAndClaimOrFinish(.frameRenderer, index: 0, expected: 2, movie: movie,
                                                                   claimant: opening.messageId, finishing: opening)
            #expect(openingMark == .finished(first: true))
            // Finished: done for every later copy, its lease released (no renewal is the owner's any more).
            #expect(try await store.claimMessage(opening.messageId, movie: movie, owner: "x", leaseSeconds: 30) == .alreadyDone)
            #expect(try await !store.renewMessageClaim(opening.messageId, owner: "r1", leaseSeconds: 30))
            #expect(try await store.isProgressMarked(.frameRenderer, index: 0, movie: movie))
            // The unit completing the fan-in claims it and finishes nothing: the claim still holds, and a redelivery
            // to the same claimant claims it again (a crash between the claim and the publish is recovered).
            #expect(try await store.markAndClaimOrFinish(.frameRenderer, index: 1, expected: 2, movie: movie,
                                                         claimant: closing.messageId, finishing: closing) == .claimed)
            #expect(try await store.claimMessage(closing.messageId, movie: movie, owner: "x", leaseSeconds: 30) == .inFlightElsewhere)
            #expect(try await store.markAndClaimOrFinish(.frameRenderer, index: 1, expected: 2, movie: movie,
                                                         claimant: closing.messageId, finishing: closing) == .claimed)
            #expect(try await store.finishMessage(closing.messageId, movie: movie, owner: "r2"))
            #expect(try await store.claimMessage(closing.messageId, movie: movie, owner: "x", leaseSeconds: 30) == .alreadyDone)
            // A copy whose claim lapsed while a twin finished the message first: a duplicate, and the twin's mark stays.
            let other = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            let late = MessageInHand(messageId: "\(other)/f1", movie: other, owner: "cut-off")
            #expect(try await store.claimMessage(late.messageId, movie: other, owner: "twin", leaseSeconds: 30) == .claimed(starts: 1))
            #expect(try await store.markAndClaimOrFinish(.frameRenderer, index: 0, expected: 3, movie: other, claimant: late.messageId,
                                                         finishing: MessageInHand(messageId: late.messageId, movie: other, owner: "twin"))
                    == .finished(first: true))
            #expect(try await store.markAndClaimOrFinish(.frameRenderer, index: 0, expected: 3, movie: other,
                                                         claimant: late.messageId, finishing: late) == .finished(first: false))
        }
    }

    @Test("an expired claim frees the message for its twin")
    func claimExpires() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            #expect(try await store.claimMessage("x", movie: movie, owner: "dead", leaseSeconds: 1) == .claimed(starts: 1))
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await store.claimMessage("x", movie: movie, owner: "twin", leaseSeconds: 30) == .claimed(starts: 2),
                    "the dead owner's start is counted: it never finished")
            try await store.releaseMessageClaim("x", movie: movie, owner: "twin")
        }
    }

    @Test("every message of a finished movie reads as done, even without its done-mark")
    func finishedMovieTombstone() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            try await store.setState(movie, .done)
            #expect(try await store.claimMessage("\(movie)/f3", movie: movie, owner: "a", leaseSeconds: 30) == .alreadyDone)
        }
    }

    @Test("chosen fields of a run's movies in one read, in order: as each movie's record says, absent ones left out")
    func fieldsOfMovies() async throws {
        try await withStore { store in
            let runId = TestEnvironment.unique("run")
            let ids = ["m1", "m2", "never-written", "m3"]
            _ = try await store.advance(MovieRef(runId: runId, movieId: "m1"), to: .rendering, [.expectedFrames: "8"])
            _ = try await store.advance(MovieRef(runId: runId, movieId: "m2"), to: .done, [.qaKept: "5"])
            try await store.updateMovie(MovieRef(runId: runId, movieId: "m3"), [.submittedAt: "12.5"])
            let fields: [MovieField] = [.state, .expectedFrames, .progressAt, .submittedAt]
            let read = try await store.movieFields(runId, movieIds: ids, fields: fields)
            try #require(read.count == ids.count)
            for (id, got) in zip(ids, read) {
                let whole = try await store.movieFields(MovieRef(runId: runId, movieId: id))
                let expected = Dictionary(uniqueKeysWithValues: fields.compactMap { f in whole[f.rawValue].map { (f, $0) } })
                #expect(got == expected, "\(id)")
            }
            #expect(read[0][.state] == "rendering" && read[0][.expectedFrames] == "8" && read[0][.progressAt] != nil)
            #expect(read[1][.state] == "done" && read[1][.expectedFrames] == nil)
            #expect(read[2].isEmpty && read[3] == [.submittedAt: "12.5"])
            #expect(try await store.movieFields(runId, movieIds: [], fields: fields).isEmpty)
        }
    }

    @Test("movie state moves forward only, and a refused move sets none of its fields")
    func forwardOnly() async throws {
        try await withStore { store in
            let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m")
            #expect(try await store.advance(movie, to: .styling, [.frames: "8"]))
            #expect(try await store.advance(movie, to: .rendering, [.styleId: "s1"]))
            #expect(try await store.advance(movie, to: .done, [.qaKept: "5"]))
            #expect(try await !store.advance(movie, to: .rendering, [.styleId: "s2"]))
            let fields = try await store.movieFields(movie)
            #expect(fields["state"] == "done" && fields["style_id"] == "s1" && fields["qa_kept"] == "5")
        }
    }

    @Test("every key a movie in progress writes has a lifetime, renewed by its writes")
    func keysOfAnUnfinishedMovieExpire() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        // TTL is not a command the pipeline sends: its ACL user may not; the admin reads the lifetimes.
        let admin = RedisClient(url: TestEnvironment.redisAdminURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis, admin]) {
            let store = RedisPipelineStore(redis: redis, retention: .seconds(600))
            let runId = TestEnvironment.unique("run")
            let movie = MovieRef(runId: runId, movieId: "m")
            try await store.createRun(RunRecord(runId: runId, movies: 1, seed: 1,
                                                branching: Branching(substories: 1, tinystories: 1, keyframes: 2),
                                                themes: [], width: 64, height: 36, styleImages: nil,
                                                createdAt: Date().timeIntervalSince1970),
                                      movieIds: ["m"])
            _ = try await store.claimMessage("\(movie)/plot", movie: movie, owner: "a", leaseSeconds: 30)
            try await store.finishMessage("\(movie)/plot", movie: movie, owner: "a")
            _ = try await store.commitResult(Data("{}".utf8), key: .plot, movie: movie)
            try await store.markProgress(.plotWriter, index: 0, movie: movie)
            _ = try await store.markAndClaim(.storyExpander, index: 0, expected: 1, movie: movie, claimant: "t")
            _ = try await store.markAndClaim(.frameRenderer, index: 0, expected: 2, movie: movie, claimant: "f1")
            _ = try await store.advance(movie, to: .rendering, [.styleId: "s"])
            try await store.updateMovie(movie, [.frames: "2"])
            let styleId = TestEnvironment.unique("style")
            _ = try await store.claimStyle(styleId, owner: "learner", leaseSeconds: 30, waiter: movie)
            _ = try await store.claimStyle(styleId, owner: "other", leaseSeconds: 30, waiter: movie)
            var keys = [PipelineKeys.run(runId), PipelineKeys.movies(runId), PipelineKeys.movie(movie),
                        PipelineKeys.handled(movie), PipelineKeys.story(movie), PipelineKeys.styleWaiters(styleId),
                        PipelineKeys.fanIn(movie, .storyExpander)]
            keys += [Stage.plotWriter, .storyExpander, .frameRenderer].map { PipelineKeys.progress(movie, $0) }
            for key in keys {
                let ttl = try await admin.send(["TTL", key]).int ?? -2
                #expect(ttl > 500 && ttl <= 600, "\(key) lives \(ttl) s")
            }
            _ = try await redis.send(["DEL", PipelineKeys.styleLock(styleId)])
        }
    }
}
