import BuiltInModels
import Clients
import DreamFrameCore
import Foundation
import Models
@testable import Pipeline
import Stages
import Synchronization
import Testing
import TestSupport

/// A renderer stand-in that counts its calls and fails as told.
private final class CountingHandler: StageHandler {
    let stage = Stage.frameRenderer
    private let count = Mutex(0)
    let failure: (any Error)?

    init(failure: (any Error)? = nil) {
        self.failure = failure
    }

    var calls: Int { count.withLock { $0 } }

    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        count.withLock { $0 += 1 }
        if let failure { throw failure }
        return []
    }
}

/// The door inside the runtime: a violation is dead-lettered at attempt 1 before any effect, and every dead letter
/// can be published whatever the message said.
@Suite("The door in the stage runtime")
struct DoorRuntimeTests {
    private func runtime(_ handler: CountingHandler, _ door: DoorFixture, publisher: MemoryPublisher) -> StageRuntime {
        let context = StageContext(logger: TestPaths.quietLogger, topology: TestPaths.topology, state: door.store,
                                   layout: OutputLayout(root: "/nonexistent"), publisher: publisher)
        return StageRuntime(handler: handler, options: RuntimeOptions(concurrency: 1), context: context)
    }

    private func delivery(_ body: Data, headers: [String: AMQPFieldValue] = [:]) -> Delivery {
        Delivery(tag: 1, generation: 0, body: body, messageId: nil, headers: headers, redelivered: false, exchange: "", routingKey: "")
    }

    @Test("a violation is dead-lettered at attempt 1, permanent, before the claim: the handler never runs, nothing is written")
    func violationBeforeAnyEffect() async throws {
        let door = try await DoorFixture()
        let handler = CountingHandler()
        let publisher = MemoryPublisher()
        let runtime = runtime(handler, door, publisher: publisher)
        let bomb = door.renderFrame { $0.index = 4_000_000_000; $0.count = 4_000_000_000 }
        #expect(await runtime.process(delivery(try bomb.encoded())) == .ack)
        let letter = try #require(publisher.published.first)
        #expect(publisher.published.count == 1)
        #expect(letter.routingKey == TestPaths.topology.queues(for: .frameRenderer).deadRoutingKey)
        #expect(letter.headers[MessageHeaders.attempt]?.intValue == 1)
        #expect(letter.headers[MessageHeaders.errorClass]?.stringValue == "invalid-message")
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.contains("body.count = 4000000000: must be 12") == true)
        #expect(handler.calls == 0)
        let claims = await door.store.calls["claimMessage"], inFlight = await door.store.inFlight, marks = await door.store.progress
        #expect(claims == nil && inFlight.isEmpty && marks.isEmpty)
        // The same message, well formed, goes through.
        #expect(await runtime.process(delivery(try door.renderFrame().encoded())) == .ack)
        #expect(handler.calls == 1)
    }

    @Test("10 kB ids: the dead letter's message id and headers stay publishable (at most 255 bytes), nothing is read")
    func oversizedIdsDeadLetter() async throws {
        let door = try await DoorFixture()
        let publisher = MemoryPublisher()
        let runtime = runtime(CountingHandler(), door, publisher: publisher)
        let huge = String(repeating: "z", count: 10_240)
        var bad = door.renderFrame()
        bad.movie = MovieRef(runId: huge, movieId: huge)
        bad = SampleMovie.rederived(bad)
        #expect(await runtime.process(delivery(try bad.encoded())) == .ack)
        let letter = try #require(publisher.published.first)
        #expect(letter.messageId.utf8.count <= 255 && letter.messageId.hasPrefix("zzzz"))
        #expect(letter.messageId == StageRuntime.wireId(bad.id), "stable: the same message always gets the same id")
        #expect((letter.headers[MessageHeaders.run]?.stringValue?.count ?? 0) <= 201)
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.contains("movie.runId = 'zzz") == true)
        #expect(letter.headers.keys.allSatisfy { $0.utf8.count <= 255 })
        #expect(await door.store.calls["admission"] == nil)
    }

    @Test("a dead letter's message id is the message's own when valid, else a safe prefix and a hash")
    func wireIds() {
        #expect(StageRuntime.wireId("run-1/movie-0001/f3") == "run-1/movie-0001/f3")
        let nul = StageRuntime.wireId("run/mo\u{0}vie/f1")
        #expect(nul.hasPrefix("run/mo_vie/f1~") && nul.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
        let huge = StageRuntime.wireId(String(repeating: "é", count: 5000))
        #expect(huge.utf8.count <= 180 && huge != StageRuntime.wireId(String(repeating: "é", count: 5001)))
    }

    @Test("foreign headers cannot crowd the reason out: a retry or dead letter carries only the runtime's own headers")
    func foreignHeaders() async throws {
        let door = try await DoorFixture()
        let publisher = MemoryPublisher()
        let runtime = runtime(CountingHandler(), door, publisher: publisher)
        var headers: [String: AMQPFieldValue] = [:]
        for i in 0..<40 { headers[String(format: "a%02d", i)] = .string("junk") }
        headers["x-df-first-seen"] = .string(String(repeating: "t", count: 5000))
        headers["x-df-kind"] = .table(["nested": .string("x")])
        _ = await runtime.process(delivery(try door.renderFrame { $0.index = 0 }.encoded(), headers: headers))
        let letter = try #require(publisher.published.first)
        #expect(letter.headers.keys.allSatisfy { $0.hasPrefix("x-df-") }, "\(letter.headers.keys.sorted())")
        #expect(letter.headers.count <= 32)
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.contains("body.index = 0") == true)
        #expect((letter.headers[MessageHeaders.firstSeen]?.stringValue?.count ?? 0) <= 257)
        #expect(letter.headers[MessageHeaders.kind]?.stringValue == "render-frame")
    }

    @Test("a hand-made attempt header is kept within 1…1000: a negative one cannot buy endless retries")
    func attemptHeader() async throws {
        let door = try await DoorFixture()
        let publisher = MemoryPublisher()
        let runtime = runtime(CountingHandler(failure: StageError.transient("model busy")), door, publisher: publisher)
        let body = try door.renderFrame().encoded()
        _ = await runtime.process(delivery(body, headers: [MessageHeaders.attempt: .int(Int64.min)]))
        #expect(publisher.published.last?.headers[MessageHeaders.attempt]?.intValue == 2, "retried as attempt 1")
        _ = await runtime.process(delivery(body, headers: [MessageHeaders.attempt: .int(Int64.max)]))
        let last = try #require(publisher.published.last)
        #expect(last.routingKey == TestPaths.topology.queues(for: .frameRenderer).deadRoutingKey)
        #expect(last.headers[MessageHeaders.attempt]?.intValue == 1000)
    }

    @Test("decoding reasons name the field, even for a number that does not fit it",
          arguments: [("-1", "body.seed"), ("1e400", "body.seed"), ("18446744073709551616", "body.seed"), ("1.5", "body.seed")])
    func numberReasons(seed: String, field: String) throws {
        let door = DoorRuntimeTests.renderFrameJSON(seed: seed, index: "5")
        let error = try #require(throws: MessageDecodingError.self) { try Envelope.decode(Data(door.utf8)) }
        #expect(error.description.contains("bad field '\(field)': the number \(seed) does not fit it"), "\(error)")
    }

    @Test("more decoding reasons: a bad index, a huge body, a kind with control characters")
    func decodingReasons() throws {
        let index = try #require(throws: MessageDecodingError.self) {
            try Envelope.decode(Data(Self.renderFrameJSON(seed: "1", index: "2.5").utf8))
        }
        #expect(index.description.contains("bad field 'body.index'"), "\(index)")
        let schema = try #require(throws: MessageDecodingError.self) {
            try Envelope.decode(Data(#"{"schema":1e400,"kind":"render-frame"}"#.utf8))
        }
        #expect(schema.description.contains("bad field 'schema'"), "\(schema)")
        let huge = try #require(throws: MessageDecodingError.self) { try Envelope.decode(Data(count: 1_000_001)) }
        #expect(huge.description.contains("the body is 1000001 bytes; messages are at most 1000000"))
        let kind = try #require(throws: MessageDecodingError.self) {
            try Envelope.decode(Data(#"{"schema":1,"kind":"x\u0000y","id":"a","movie":{"runId":"r","movieId":"m"},"body":{}}"#.utf8))
        }
        #expect(kind.description == #"unknown message kind 'x\u{0}y'"#)
        let deep = try #require(throws: MessageDecodingError.self) {
            try Envelope.decode(Data((#"{"schema":1,"kind":"render-frame","id":"# + String(repeating: "[", count: 100_000)
                                      + String(repeating: "]", count: 100_000) + "}").utf8))
        }
        #expect(deep.description.contains("nested deeper than 32 levels"), "refused before any decoding: \(deep)")
        let missing = try #require(throws: MessageDecodingError.self) {
            try Envelope.decode(Data(Self.renderFrameJSON(seed: "1", index: "5").replacingOccurrences(of: #""count":12,"#, with: "").utf8))
        }
        #expect(missing.description.contains("missing field 'body.count'"), "\(missing)")
    }

    @Test("the number scan finds paths through objects and arrays, and only tries suspect numbers")
    func numberScan() {
        let json = Data(#"{"a":[1,{"b":-2}],"c":{"d":[[3,4.5]]},"e":"x:1","f":true,"g":1e400}"#.utf8)
        let numbers = JSONNumberScan.numbers(in: json)
        #expect(numbers.map(\.path) == ["a[0]", "a[1].b", "c.d[0][0]", "c.d[0][1]", "g"])
        #expect(numbers.map(\.literal) == ["1", "-2", "3", "4.5", "1e400"])
        #expect(numbers.filter { JSONNumberScan.isSuspect($0.literal) }.map(\.path) == ["a[1].b", "c.d[0][1]", "g"])
    }

    @Test("a tinystory of a movie whose plot was never written is dead-lettered at once, not retried as a lost plot")
    func plotNeverWritten() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(), learner: InstantStyleLearner())
        let run = InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2))
        try await pipeline.store.createRun(run, movieIds: [RunSubmitter.movieId(0)])
        let tinystory = try SampleMovie(run: run, movieIndex: 0).expandTinystory()
        let runtime = try #require(pipeline.runtimes[.storyExpander])
        #expect(await runtime.process(delivery(try tinystory.encoded())) == .ack)
        let letter = try #require(pipeline.publisher.published.last)
        #expect(letter.headers[MessageHeaders.attempt]?.intValue == 1)
        #expect(letter.headers[MessageHeaders.error]?.stringValue?.contains("was never written") == true)
        #expect(letter.headers[MessageHeaders.errorClass]?.stringValue == "permanent")
    }

    @Test("the dataset takes video ids only from valid ids naming their own folder")
    func datasetIds() async throws {
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(), learner: InstantStyleLearner())
        let run = InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2))
        try await pipeline.submit(run)
        #expect(await pipeline.drain().deadLetters.isEmpty)
        let layout = pipeline.layout
        let good = MovieRef(runId: run.runId, movieId: RunSubmitter.movieId(0))
        var record = try JSONDecoder().decode(MovieRecord.self, from: Data(contentsOf: layout.record(good)))
        for (folder, videoId) in [("movie-9999", "../../../../etc/escape"), ("movie-9998", "/abs"), ("movie-9997", "a\u{0}b"),
                                  ("_x", "_x\u{0}")] {
            record.videoId = videoId
            let url = layout.runDirectory(run.runId).appendingPathComponent("videos/\(folder)/record.json")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(record).write(to: url)
        }
        let records = try DatasetExporter(layout: layout).records(runId: run.runId)
        #expect(records.map(\.videoId) == [good.movieId])
    }

    static func renderFrameJSON(seed: String, index: String) -> String {
        #"{"schema":1,"kind":"render-frame","id":"r/m/f5","movie":{"runId":"r","movieId":"m"},"body":{"movie":{"runId":"r","movieId":"m"},"#
            + #""index":\#(index),"count":12,"prompt":"p","styleId":"s","seed":\#(seed),"width":32,"height":18}}"#
    }
}
