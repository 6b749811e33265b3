import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("Redis client against the real Redis")
struct RedisClientTests {
    @Test("concurrent commands are pipelined and each gets its own reply")
    func concurrentCommands() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        let key = TestEnvironment.unique("test:counter")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<500 {
                group.addTask { try await redis.send(["SADD", key, "member-\(i)"]) }
            }
            try await group.waitForAll()
        }
        #expect(try await redis.send(["SCARD", key]).int == 500)
        let replies = try await redis.pipeline([["SET", "\(key):s", "v"], ["GET", "\(key):s"], ["DEL", key, "\(key):s"]])
        #expect(replies[1].string == "v")
        await #expect(throws: RedisError.self) { try await redis.send(["NOSUCHCOMMAND"]) }
        await redis.shutdown()
    }

    @Test("fan-in claims exactly once, and again for the same claimant")
    func fanInClaim() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        let state = RedisPipelineStore(redis: redis)
        let movie = MovieRef(runId: TestEnvironment.unique("run"), movieId: "m1")
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<50 {
                group.addTask {
                    try await state.markAndClaim(.frameRenderer, index: i, expected: 50, movie: movie, claimant: "f\(i)")
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let winner = try await redis.send(["GET", PipelineKeys.fanIn(movie, .frameRenderer)]).string!
        let index = Int(winner.dropFirst())!
        #expect(try await state.markAndClaim(.frameRenderer, index: index, expected: 50, movie: movie, claimant: winner))
        #expect(try await !state.markAndClaim(.frameRenderer, index: 0, expected: 50, movie: movie, claimant: "other"))
        await redis.shutdown()
    }

    @Test("style claims: one learner, others wait, then ready")
    func styleClaims() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        let state = RedisPipelineStore(redis: redis)
        let styleId = TestEnvironment.unique("style")
        #expect(try await state.claimStyle(styleId, owner: "a", leaseSeconds: 60, waiter: MovieRef(runId: "r", movieId: "a")) == .learn)
        #expect(try await state.claimStyle(styleId, owner: "b", leaseSeconds: 60, waiter: MovieRef(runId: "r", movieId: "b")) == .wait)
        #expect(try await state.claimStyle(styleId, owner: "a", leaseSeconds: 60, waiter: MovieRef(runId: "r", movieId: "a")) == .learn)
        let embedding = StyleEmbedding(styleId: styleId, keyword: "Dramatic", vector: [1, 2], lossCurve: [2, 1], learner: "t")
        let stored = try await state.storeStyle(embedding, owner: "a")
        #expect(stored == embedding)
        #expect(try await state.styleWaiters(styleId) == [MovieRef(runId: "r", movieId: "b")])
        #expect(try await state.claimStyle(styleId, owner: "c", leaseSeconds: 60, waiter: MovieRef(runId: "r", movieId: "c")) == .ready)
        var other = embedding
        other.vector = [9]
        #expect(try await state.storeStyle(other, owner: "z") == embedding)
        await redis.shutdown()
    }
}
