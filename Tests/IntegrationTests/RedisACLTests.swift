import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import DreamFrameCLI
import Models
import DreamFrameCore
import TestSupport

/// The Redis ACL `ops/services-up.sh` applies, on a Redis of the test's own: the pipeline's user may send exactly the
/// commands DreamFrame sends, on its own keys; wrong credentials are configuration errors, not outages waited out.
@Suite("Redis ACL: the pipeline user's commands, wrong credentials")
struct RedisACLTests {
    /// Runs `body` with a Redis of its own (ACL applied by the ops script), then stops it.
    private func withRedis(_ body: (IsolatedServices) async throws -> Void) async throws {
        let services = try IsolatedServices()
        try await services.up(["redis"])
        do {
            try await body(services)
        } catch {
            try? await services.down(["--wipe", "redis"])
            throw error
        }
        try await services.down(["--wipe", "redis"])
    }

    @Test("the pipeline user is refused every command the code never sends, and keys outside df:*; its own work runs")
    func refusedCommands() async throws {
        try await withRedis { services in
            let redis = RedisClient(url: try services.redisURL, logger: TestPaths.quietLogger)
            let admin = RedisClient(url: try services.redisAdminURL, logger: TestPaths.quietLogger)
            try await withRunningClients([redis, admin]) {
                try await admin.send(["SET", "otherapp:secret", "kept"])
                let refused: [[String]] = [
                    ["FLUSHALL"], ["FLUSHDB"], ["CONFIG", "SET", "appendonly", "no"], ["KEYS", "*"], ["INFO"],
                    ["SWAPDB", "0", "1"], ["ACL", "LIST"], ["SCRIPT", "FLUSH"], ["CLIENT", "LIST"],
                    ["BGREWRITEAOF"], ["SETRANGE", "df:x", "4000000000", "x"], ["BITFIELD", "df:x", "SET", "u8", "0", "1"],
                    ["GET", "otherapp:secret"], ["SET", "otherapp:x", "1"], ["DEL", "otherapp:secret"],
                    ["EVAL", "return redis.call('FLUSHALL')", "0"], ["EVAL", "return redis.call('GET', KEYS[1])", "1", "otherapp:secret"],
                ]
                for command in refused {
                    do {
                        let reply = try await redis.send(command)
                        Issue.record("\(command) was allowed: \(reply)")
                    } catch let error as RedisError {
                        guard case .accessDenied = error else { Issue.record("\(command): \(error)"); continue }
                        #expect(error.failureKind == .outage, "never a dead letter for a message")
                    }
                }
                #expect(try await admin.send(["GET", "otherapp:secret"]).string == "kept")

                // What the pipeline does works: a run, a claim, progress bits and the fan-in (Lua scripts included).
                let state = RedisPipelineStore(redis: redis)
                let runId = TestPaths.unique("acl")
                let movie = MovieRef(runId: runId, movieId: "m")
                try await state.createRun(RunRecord(runId: runId, movies: 1, seed: 1,
                                                    branching: Branching(substories: 1, tinystories: 1, keyframes: 2),
                                                    themes: [], width: 64, height: 36, styleImages: nil,
                                                    createdAt: Date().timeIntervalSince1970), movieIds: ["m"])
                #expect(try await state.claimMessage("\(movie)/plot", movie: movie, owner: "a", leaseSeconds: 30) == .claimed(starts: 1))
                try await state.finishMessage("\(movie)/plot", movie: movie, owner: "a")
                #expect(try await !state.markAndClaim(.frameRenderer, index: 0, expected: 2, movie: movie, claimant: "f0"))
                #expect(try await state.markAndClaim(.frameRenderer, index: 1, expected: 2, movie: movie, claimant: "f1"))
                #expect(try await state.runIds().contains(runId))
            }
        }
    }

    @Test("a wrong or missing password fails at once with the reason, and stops a stage at start with exit 64")
    func wrongCredentials() async throws {
        try await withRedis { services in
            let wrong = try RedisURL("redis://dreamframe:not-the-password@127.0.0.1:\(services.redisPort)/0")
            let anonymous = try RedisURL("redis://127.0.0.1:\(services.redisPort)/0")
            for url in [wrong, anonymous] {
                // Waiting for a connection could not help: the command fails with the refusal, not after 30 s.
                let redis = RedisClient(url: url, logger: TestPaths.quietLogger, waitForConnection: 30)
                try await withRunningClients([redis]) {
                    do {
                        try await redis.send(["GET", "df:x"])
                        Issue.record("\(url) was let in")
                    } catch let error as RedisError {
                        guard case .accessDenied(let why) = error else { Issue.record("\(url): \(error)"); return }
                        #expect(why.contains(url.password == nil ? "NOAUTH" : "WRONGPASS"), "\(why)")
                        #expect(!why.contains("not-the-password"))
                    }
                }
            }

            let settings = try await Self.settings(redis: "redis://dreamframe:not-the-password@127.0.0.1:\(services.redisPort)/0")
            await #expect {
                try await settings.checkAccess()
            } throws: { error in
                let text = "\(error)"
                return text.contains("--redis-url") && text.contains("WRONGPASS") && !text.contains("not-the-password")
            }
            let unreachable = try await Self.settings(redis: "redis://dreamframe:x@127.0.0.1:\(try IsolatedServices.freePort())/0")
            try await unreachable.checkAccess()   // an outage, ridden out later: not a configuration error

            let out = try TestPaths.temporaryDirectory("df-acl-stage")
            let stage = try StageProcess(stage: .plotWriter, environment: [
                "DREAMFRAME_REDIS_URL": "redis://dreamframe:not-the-password@127.0.0.1:\(services.redisPort)/0",
                "DREAMFRAME_BROKER_URL": "amqp://guest:guest@127.0.0.1:\(try IsolatedServices.freePort())/%2F",
                "DREAMFRAME_TOPOLOGY": TestPaths.topology.source, "DREAMFRAME_OUT": out.path,
            ], logFile: out.appendingPathComponent("plot-writer.log"))
            let status = await stage.waitForExit(timeout: .seconds(60))
            if status == nil { stage.kill9() }
            #expect(status == 64, "\(stage.logTail())")
            #expect(stage.logTail().contains("--redis-url") && stage.logTail().contains("WRONGPASS"), "\(stage.logTail())")
            #expect(!stage.logTail().contains("not-the-password"))
        }
    }

    @Test("applying the ACL again to a running Redis keeps its clients' connections and data")
    func reapply() async throws {
        try await withRedis { services in
            let redis = RedisClient(url: try services.redisURL, logger: TestPaths.quietLogger)
            let admin = RedisClient(url: try services.redisAdminURL, logger: TestPaths.quietLogger)
            try await withRunningClients([redis, admin]) {
                try await redis.send(["SET", "df:acl:kept", "1"])
                let before = try await Self.pipelineConnections(admin)
                #expect(before.count == 1)
                try await services.up(["redis"])
                #expect(try await redis.send(["GET", "df:acl:kept"]).string == "1")
                #expect(try await Self.pipelineConnections(admin) == before, "the same connection, never dropped")
                await #expect(throws: RedisError.self) { try await redis.send(["FLUSHALL"]) }
            }
        }
    }

    /// The ids of the connections logged in as the pipeline user.
    private static func pipelineConnections(_ admin: RedisClient) async throws -> Set<String> {
        let list = try await admin.send(["CLIENT", "LIST"]).string ?? ""
        return Set(list.split(separator: "\n").filter { $0.contains(" user=dreamframe ") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("id=") }.map(String.init)
        })
    }

    /// Settings with `redis` and an unreachable broker.
    private static func settings(redis: String) async throws -> Settings {
        let source = try await SettingsSource.load(flags: [
            .redisURL: redis, .brokerURL: "amqp://guest:guest@127.0.0.1:\(try IsolatedServices.freePort())/%2F",
            .topology: TestPaths.topology.source,
        ], environment: [:])
        return Settings(broker: try ConnectionOptions.broker(source), redisURL: try RedisURL(redis),
                        topology: TestPaths.topology, outputRoot: "out", logLevel: .info, source: source)
    }
}
