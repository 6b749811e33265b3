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
        try await withRunningClients([redis]) {
            let key = TestEnvironment.unique("df:test:counter")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<500 {
                    group.addTask { try await redis.send(["SADD", key, "member-\(i)"]) }
                }
                try await group.waitForAll()
            }
            #expect(try await redis.send(["SMEMBERS", key]).array.count == 500)
            let replies = try await redis.pipeline([["SET", "\(key):s", "v"], ["GET", "\(key):s"], ["DEL", key, "\(key):s"]])
            #expect(replies[1].string == "v")
            await #expect(throws: RedisError.self) { try await redis.send(["NOSUCHCOMMAND"]) }
        }
    }

    @Test("fan-in claims exactly once, and again for the same claimant")
    func fanInClaim() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis]) {
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
        }
    }

    @Test("style claims: one learner, others wait, then ready")
    func styleClaims() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis]) {
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
        }
    }

    @Test("SHA-1 matches the published test vectors")
    func sha1Vectors() {
        #expect(SHA1.hex(Data()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Data("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("scripts run by EVALSHA, and again after SCRIPT FLUSH through the NOSCRIPT fallback")
    func evalsha() async throws {
        // SCRIPT and INFO are not commands the pipeline sends (its ACL user may not): the admin checks the client.
        let redis = RedisClient(url: TestEnvironment.redisAdminURL, logger: TestEnvironment.logger)
        try await withRunningClients([redis]) {
            let key = TestEnvironment.unique("test:script")
            let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
            // Our SHA-1 names the script exactly as Redis does.
            #expect(try await redis.send(["SCRIPT", "LOAD", script.source]).string == script.sha1)

            let evalshaBefore = try await Self.calls("evalsha", redis)
            #expect(try await redis.eval(script, keys: [key], arguments: ["2"]).int == 2)
            #expect(try await Self.calls("evalsha", redis) > evalshaBefore, "the script went by its SHA-1")

            try await redis.send(["SCRIPT", "FLUSH"])
            #expect(try await redis.send(["SCRIPT", "EXISTS", script.sha1]).array.first?.int == 0)
            let evalBefore = try await Self.calls("eval", redis)
            #expect(try await redis.eval(script, keys: [key], arguments: ["3"]).int == 5)
            #expect(try await Self.calls("eval", redis) > evalBefore, "NOSCRIPT fell back to EVAL")
            #expect(try await redis.send(["SCRIPT", "EXISTS", script.sha1]).array.first?.int == 1, "EVAL cached it again")
            #expect(try await redis.eval(script, keys: [key], arguments: ["1"]).int == 6)
            try await redis.send(["DEL", key])
        }
    }

    /// How many times Redis ran `command` since its start (INFO commandstats).
    static func calls(_ command: String, _ redis: RedisClient) async throws -> Int {
        let info = try await redis.send(["INFO", "commandstats"]).string ?? ""
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cmdstat_\(command):") }
        let field = line?.split(separator: ",").first { $0.contains("calls=") }
        return field.flatMap { Int($0.split(separator: "=").last ?? "") } ?? 0
    }

    @Test("commands sent before run() wait for it; with no run() they fail after waitForConnection")
    func commandsBeforeRun() async throws {
        let redis = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger)
        let early = Task { try await redis.send(["PING"]) }
        try await Task.sleep(for: .milliseconds(100))
        let reply = try await withRunningClients([redis]) { try await early.value }
        #expect(reply.string == "PONG")
        do {
            try await redis.send(["PING"])
            Issue.record("a stopped client still answered")
        } catch RedisError.shutdown {}

        let neverRun = RedisClient(url: TestEnvironment.redisURL, logger: TestEnvironment.logger, waitForConnection: 0.2)
        do {
            try await neverRun.send(["PING"])
            Issue.record("a client that never ran answered")
        } catch RedisError.connection(let why) {
            #expect(why.contains("within"))
        }
        await neverRun.shutdown()
    }
}
