import Clients
import DreamFrameCore
import Foundation
@testable import Models
@testable import Pipeline
import Testing
import TestSupport

/// Renderers on other hosts, for real: the broker, Redis, the image server and the other stages on this machine,
/// two frame renderers each in a network namespace of its own (veth pair, own address) sharing the output folder.
/// Mid-run one renderer host is cut off for longer than the AMQP heartbeat and then restored: the broker drops its
/// connection and hands its unacknowledged frames to the other host, the cut host comes back and consumes again,
/// and the run completes with every frame, QA pair and record exactly once and no message handled twice.
@Suite("Renderers on two hosts of their own (network namespaces)", .serialized)
struct RendererHostsTests {
    static let heartbeat = 5
    static let cutSeconds = 25
    static let branching = Branching(substories: 2, tinystories: 2, keyframes: 3)
    static let movies = 3

    static func workQueue(_ services: IsolatedServices) async throws -> AMQPAdmin.QueueStats? {
        let url = try services.brokerURL
        let queue = TestPaths.topology.queues(for: .frameRenderer).workQueue
        return try await BlockingWork.run {
            let admin = try AMQPAdmin(url: url)
            defer { admin.close() }
            return try admin.stats(queue)
        }
    }

    /// Message ids the log at `url` says were handled to completion, and how many deliveries it dropped as duplicates.
    static func handled(_ url: URL) -> (ids: [String], duplicates: Int) {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var ids: [String] = [], duplicates = 0
        for line in text.split(separator: "\n") {
            if line.hasSuffix("] handled") || line.contains("] handled ") {
                if let range = line.range(of: "message=") {
                    ids.append(String(line[range.upperBound...].prefix { $0 != " " }))
                }
            } else if line.contains("duplicate delivery dropped") || line.contains("duplicate finished") {
                duplicates += 1
            }
        }
        return (ids, duplicates)
    }

    /// The log lines that name any of `ids`, by file (for a failure's message).
    static func lines(mentioning ids: [String], in files: [URL]) -> String {
        files.map { file in
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            return "== \(file.lastPathComponent)\n" + text.split(separator: "\n")
                .filter { line in ids.contains { line.contains($0) } }.suffix(40).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    @Test("A renderer host cut off longer than the heartbeat: its frames go to the other host, nothing lost or doubled")
    func cutOneHost() async throws {
        let hosts = [NetworkHost(index: 0), NetworkHost(index: 1)]
        for host in hosts { try await host.create() }
        let services = try IsolatedServices(settings: ["DF_BIND_ADDRESSES": hosts.map(\.hostAddress).joined(separator: " ")])
        do {
            try await services.up()
            try await run(hosts: hosts, services: services)
        } catch {
            try? await services.down(["--wipe"])
            for host in hosts { await host.destroy() }
            throw error
        }
        try await services.down(["--wipe"])
        for host in hosts { await host.destroy() }
    }

    private func run(hosts: [NetworkHost], services: IsolatedServices) async throws {
        let harness = try await PipelineHarness(brokerURLs: "amqp://guest:guest@127.0.0.1:\(services.amqpPort)/%2F",
                                                redisURL: services.redisURLText)
        let stub = try await DiffusionStub.start(.a1111, host: "0.0.0.0")
        defer { stub.stop() }
        do {
            try await stub.faults(["delay": 0.5])   // one image takes half a second: the run lasts past the cut
            for stage in [Stage.plotWriter, .storyExpander, .styleTrainer, .qaValidator] { try harness.start(stage) }
            let renderers = try hosts.map { host in
                try harness.start(.frameRenderer, arguments: [
                    "--broker-url", "amqp://guest:guest@\(host.hostAddress):\(services.amqpPort)/%2F",
                    "--redis-url", "redis://dreamframe:\(services.redisPassword)@\(host.hostAddress):\(services.redisPort)/0",
                    "--image-model", "a1111", "--image-model-url", "http://\(host.hostAddress):\(stub.server.port)",
                    "--heartbeat", String(Self.heartbeat), "--concurrency", "1", "--repair-every", "0", "--log-level", "debug",
                ], launcher: host.launcher)[0]
            }
            try await harness.waitUntil("both renderer hosts consuming") { try await Self.workQueue(services)?.consumers == 2 }
            let started = ContinuousClock.now
            let run = try await harness.submit(movies: Self.movies, branching: Self.branching)
            let total = Self.movies * Self.branching.framesPerMovie
            try await harness.waitUntil("each host rendered a frame") {
                renderers.allSatisfy { !Self.handled($0.logFile).ids.isEmpty }
            }
            let cutHost = hosts[0], (cutRenderer, other) = (renderers[0], renderers[1])
            let beforeCut = (a: Self.handled(cutRenderer.logFile).ids.count, b: Self.handled(other.logFile).ids.count)
            try await cutHost.cut()
            let cutAt = ContinuousClock.now
            // The broker misses the cut host's heartbeats and closes its connection: its deliveries go back to the queue.
            try await harness.waitUntil("the broker to drop the cut host's consumer", timeout: .seconds(60)) {
                try await Self.workQueue(services)?.consumers == 1
            }
            let detected = ContinuousClock.now - cutAt
            try await Task.sleep(until: cutAt + .seconds(Self.cutSeconds))
            let duringCut = Self.handled(other.logFile).ids.count - beforeCut.b
            try await cutHost.restore()
            try await harness.waitUntil("the restored host consuming again", timeout: .seconds(120)) {
                try await Self.workQueue(services)?.consumers == 2
            }
            try await harness.waitForCompletion(run, timeout: .seconds(300))
            let wall = ContinuousClock.now - started

            try harness.checkExactlyOnce(run)
            let (a, b) = (Self.handled(cutRenderer.logFile), Self.handled(other.logFile))
            // Frames the cut host had started and the other host finished (the cut host's log names them too).
            let cutLog = (try? String(contentsOf: cutRenderer.logFile, encoding: .utf8)) ?? ""
            let takenOver = b.ids.filter { cutLog.contains("message=\($0) ") }.count
            let frames = (a.ids + b.ids).filter { $0.contains("/f") }
            #expect(frames.count == total, "every frame handled once across both hosts: \(frames.count) of \(total)")
            let twice = Dictionary(grouping: frames, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
            #expect(twice.isEmpty, "no frame handled twice: \(twice)\n\(Self.lines(mentioning: twice, in: [cutRenderer.logFile, other.logFile]))")
            #expect(duringCut > 0, "the other host rendered while the first was cut off")
            #expect(cutRenderer.isRunning && other.isRunning, "both renderers rode out the cut")
            print("""
            renderer hosts: \(total) frames (\(Self.movies) movies at \(Self.branching)); host A (\(cutHost.guestAddress)) \
            \(beforeCut.a) before the cut, \(a.ids.count - beforeCut.a) after it; host B (\(hosts[1].guestAddress)) \(b.ids.count) \
            (\(duringCut) while A was cut, \(takenOver) of them started by A); cut \(Self.cutSeconds) s with heartbeat \(Self.heartbeat) s, consumer dropped after \
            \(detected); duplicates dropped A \(a.duplicates), B \(b.duplicates); run \(wall)
            """)
        } catch {
            await harness.shutdown(removeOutput: false)
            throw error
        }
        await harness.shutdown()
    }
}
