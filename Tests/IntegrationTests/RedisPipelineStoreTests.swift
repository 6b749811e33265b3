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
}
