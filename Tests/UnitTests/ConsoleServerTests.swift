@testable import Console
import Clients
import Foundation
import Models
import Monitoring
@testable import Pipeline
import Synchronization
import Testing
import TestSupport

/// A console source with fixed data, recording what it was asked to do.
final class FakeConsoleSource: ConsoleSource {
    let letters: [DeadLetter]
    let runs: [RunProgress]
    let failing: Bool
    let replayed = Mutex<[DeadLetterFilter]>([])
    let listed = Mutex<Int>(0)

    init(letters: [DeadLetter] = [], runs: [RunProgress] = [], failing: Bool = false) {
        self.letters = letters
        self.runs = runs
        self.failing = failing
    }

    struct Down: Error {}

    func fleet() async throws -> FleetStatus {
        if failing { throw Down() }
        let queue = QueueMonitor.StageQueuesStatus(stage: "frame-renderer", queue: "dreamframe.frame-renderer", ready: 3,
                                                   unacked: 1, consumers: 2, retrying: 0, dead: letters.count)
        let worker = WorkerReport(token: "t1", stage: .frameRenderer, host: "<b>host</b>", pid: 42, startedAt: 0, seenAt: 0,
                                  activity: .init(inFlight: 1, handled: 9, duplicates: 0, retried: 0, deadLettered: 0,
                                                  outage: nil, outageSince: nil))
        return FleetStatus(queues: [queue], workers: [worker], run: nil)
    }
    func runIds() async throws -> [String] { runs.map(\.runId) }
    func progress(runId: String, stale: Double) async throws -> RunProgress? { runs.first { $0.runId == runId } }
    func deadLetters(_ filter: DeadLetterFilter) async throws -> [DeadLetter] {
        listed.withLock { $0 += 1 }
        return letters.filter(filter.matches)
    }
    func replay(_ filter: DeadLetterFilter) async throws -> [DeadLetter] {
        replayed.withLock { $0.append(filter) }
        return letters.filter(filter.matches)
    }
    func styles() async throws -> [StyleEmbedding] {
        [StyleEmbedding(styleId: "style-1", keyword: "<img src=x onerror=alert(1)>", vector: [0.1], lossCurve: [0.5],
                        learner: "builtin-style-v3")]
    }
}

@Suite("The web console's pages, access and CSRF check")
struct ConsoleServerTests {
    static let hostile = "<script>alert('x')</script>\"&"
    static let csrf = "c5rf-token-for-tests"

    static func letter(_ id: String = "run-1/movie-0001/f1", reason: String = hostile) -> DeadLetter {
        let delivery = Delivery(tag: 1, generation: 0, body: Data("{\"title\":\"\(hostile)\"}".utf8), messageId: id,
                                headers: ["x-df-run": .string("run-1"), "x-df-movie": .string("movie-0001"),
                                          "x-df-error": .string(reason), "x-df-kind": .string("render-frame"),
                                          "x-df-attempt": .int(5), "x-odd": .string(hostile)],
                                redelivered: false, exchange: "dreamframe.dead", routingKey: "frame-renderer")
        return DeadLetter(stage: .frameRenderer, queue: "dreamframe.frame-renderer.dead", delivery: delivery)
    }

    func server(_ source: FakeConsoleSource, token: String? = nil, root: String = "/nonexistent") -> ConsoleServer {
        ConsoleServer(source: source, access: ConsoleAccess(token: token), layout: OutputLayout(root: root),
                      csrfToken: Self.csrf, logger: TestPaths.quietLogger)
    }

    func get(_ server: ConsoleServer, _ uri: String, headers: [(name: String, value: String)] = []) async -> (Int, String) {
        let response = await server.respond(to: HTTPInboundRequest(method: "GET", uri: uri, headers: headers))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func post(_ server: ConsoleServer, _ form: String, headers: [(name: String, value: String)] = [("Host", "127.0.0.1:8480")])
        async -> (Int, String) {
        let response = await server.respond(to: HTTPInboundRequest(method: "POST", uri: "/dead/replay", headers: headers,
                                                                   body: Array(form.utf8)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test("Every page escapes what messages, models and hosts wrote")
    func escaping() async throws {
        let server = server(FakeConsoleSource(letters: [Self.letter()]))
        for uri in ["/", "/dead", "/styles"] {
            let (status, html) = await get(server, uri)
            #expect(status == 200, "\(uri)")
            #expect(!html.contains("<script>") && !html.contains("<b>host</b>") && !html.contains("<img src=x"), "\(uri): \(html)")
        }
        let (_, dead) = await get(server, "/dead")
        #expect(dead.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"), "the reason shows literally")
        #expect(dead.contains("x-odd") && dead.contains("x-df-attempt"), "every header is listed")
        #expect(dead.contains("name=\"csrf\" value=\"\(Self.csrf)\""), "forms carry the CSRF token")
        let (_, overview) = await get(server, "/")
        #expect(overview.contains("&lt;b&gt;host&lt;/b&gt;"))
    }

    @Test("Dead letters are filtered by stage, run and reason from the query")
    func filtering() async throws {
        let source = FakeConsoleSource(letters: [Self.letter("run-1/movie-0001/f1", reason: "prompt too long"),
                                                 Self.letter("run-1/movie-0001/f2", reason: "server said 500")])
        let (_, html) = await get(server(source), "/dead?stage=frame-renderer&run=run-1&reason=PROMPT")
        #expect(html.contains("run-1/movie-0001/f1") && !html.contains("run-1/movie-0001/f2"), "\(html)")
        let (_, none) = await get(server(source), "/dead?stage=qa-validator")
        #expect(none.contains("0 dead letter(s) match"))
    }

    @Test("A replay needs the CSRF token and the console's own origin; a dry run moves nothing")
    func csrf() async throws {
        let source = FakeConsoleSource(letters: [Self.letter()])
        let server = server(source)
        let form = "stage=frame-renderer&message=run-1%2Fmovie-0001%2Ff1"
        #expect(await post(server, form).0 == 403, "no token")
        #expect(await post(server, form + "&csrf=wrong").0 == 403, "wrong token")
        #expect(await post(server, form + "&csrf=\(Self.csrf)", headers: [("Host", "127.0.0.1:8480"), ("Origin", "http://evil.example")]).0 == 403)
        #expect(await post(server, form + "&csrf=\(Self.csrf)", headers: [("Host", "127.0.0.1:8480"), ("Sec-Fetch-Site", "cross-site")]).0 == 403)
        #expect(source.replayed.withLock { $0.isEmpty }, "nothing replayed on a refused form")
        let (dryStatus, dry) = await post(server, form + "&csrf=\(Self.csrf)&dry-run=1")
        #expect(dryStatus == 200 && dry.contains("1 message(s) would requeue"), "\(dry)")
        #expect(source.replayed.withLock { $0.isEmpty }, "a dry run only lists")
        let (status, done) = await post(server, form + "&csrf=\(Self.csrf)",
                                        headers: [("Host", "127.0.0.1:8480"), ("Origin", "http://127.0.0.1:8480"),
                                                  ("Sec-Fetch-Site", "same-origin")])
        #expect(status == 200 && done.contains("1 message(s) requeued"), "\(done)")
        let filters = source.replayed.withLock { $0 }
        #expect(filters.count == 1 && filters.first?.messageId == "run-1/movie-0001/f1" && filters.first?.stage == .frameRenderer)
        #expect(await post(server, "csrf=\(Self.csrf)").0 == 400, "a replay names what it replays")
    }

    @Test("With a token, every request needs it: bearer, or basic auth with the token as password")
    func token() async throws {
        let token = "0123456789abcdef-token"
        let server = server(FakeConsoleSource(), token: token)
        let denied = await server.respond(to: HTTPInboundRequest(method: "GET", uri: "/"))
        #expect(denied.status == 401 && denied.headers["WWW-Authenticate"]?.hasPrefix("Basic") == true)
        #expect(await get(server, "/", headers: [("Authorization", "Bearer wrong-token-wrong-token")]).0 == 401)
        #expect(await get(server, "/gallery/run-1/index.html").0 == 401, "the gallery too")
        #expect(await get(server, "/", headers: [("Authorization", "Bearer \(token)")]).0 == 200)
        let basic = Data("ops:\(token)".utf8).base64EncodedString()
        #expect(await get(server, "/", headers: [("Authorization", "Basic \(basic)")]).0 == 200)
        let wrong = Data("ops:\(token)x".utf8).base64EncodedString()
        #expect(await get(server, "/", headers: [("Authorization", "Basic \(wrong)")]).0 == 401)
    }

    @Test("A non-loopback address needs a token of 16 characters or more")
    func binding() {
        #expect(ConsoleAccess(token: nil).check(bind: "127.0.0.1") == nil)
        #expect(ConsoleAccess(token: nil).check(bind: "::1") == nil)
        #expect(ConsoleAccess(token: nil).check(bind: "localhost") == nil)
        #expect(ConsoleAccess(token: nil).check(bind: "0.0.0.0")?.contains("needs a token") == true)
        #expect(ConsoleAccess(token: "").check(bind: "10.1.2.3")?.contains("needs a token") == true)
        #expect(ConsoleAccess(token: nil).check(bind: "127.example.com")?.contains("needs a token") == true)
        #expect(ConsoleAccess(token: "short").check(bind: "127.0.0.1")?.contains("16 characters") == true)
        #expect(ConsoleAccess(token: "0123456789abcdef").check(bind: "0.0.0.0") == nil)
    }

    @Test("Tokens compare equal only when every byte and the length match")
    func constantTime() {
        #expect(ConsoleAccess.constantTimeEquals("abc", "abc"))
        #expect(!ConsoleAccess.constantTimeEquals("abc", "abd"))
        #expect(!ConsoleAccess.constantTimeEquals("abc", "abcd"))
        #expect(!ConsoleAccess.constantTimeEquals("", "a"))
        #expect(ConsoleAccess.constantTimeEquals("", ""))
    }

    @Test("Unknown runs and paths are 404, a failing broker or Redis 503, other methods 405")
    func errors() async throws {
        #expect(await get(server(FakeConsoleSource()), "/runs/run-nope").0 == 404)
        #expect(await get(server(FakeConsoleSource()), "/nothing-here").0 == 404)
        #expect(await get(server(FakeConsoleSource(failing: true)), "/").0 == 503)
        let delete = await server(FakeConsoleSource()).respond(to: HTTPInboundRequest(method: "DELETE", uri: "/dead"))
        #expect(delete.status == 405)
    }

    @Test("Form fields decode percent escapes and plus signs; the first of a repeated field wins")
    func form() {
        let fields = FormFields("a=1&b=x%20y+z&a=2&empty=&flag")
        #expect(fields["a"] == "1" && fields["b"] == "x y z" && fields["empty"] == nil && fields.values["flag"] == "")
    }
}
