@testable import Console
import Foundation
import Monitoring
@testable import Pipeline
import Testing
import TestSupport

@Suite("The console's run pages and read-only gallery")
struct ConsoleGalleryTests {
    static func progress(_ runId: String, done: Bool) -> RunProgress {
        RunProgress(runId: runId, movies: 2, moviesDone: done ? 2 : 1,
                    stages: [.init(stage: "frame-renderer", done: done ? 8 : 5, total: 8)], elapsedSeconds: 26,
                    etaSeconds: done ? 0 : 12, etaBasis: done ? "done" : "run-average", finishedAt: done ? 100 : nil,
                    durationSeconds: done ? 26 : nil,
                    movieStates: ["movie-0001": "done", "movie-0002": done ? "done" : "<rendering>"])
    }

    func server(root: URL, runs: [RunProgress] = []) -> ConsoleServer {
        ConsoleServer(source: FakeConsoleSource(runs: runs), access: ConsoleAccess(token: nil),
                      layout: OutputLayout(root: root.path), csrfToken: "t", logger: TestPaths.quietLogger)
    }

    func get(_ server: ConsoleServer, _ uri: String) async -> HTTPOutboundResponse {
        await server.respond(to: HTTPInboundRequest(method: "GET", uri: uri))
    }

    @Test("A run shows its bars, every movie's state and a link to its gallery; a finished run its duration")
    func runPage() async throws {
        let root = try TestPaths.temporaryDirectory("console-run")
        let server = server(root: root, runs: [Self.progress("run-a", done: false), Self.progress("run-b", done: true)])
        let running = String(decoding: await get(server, "/runs/run-a").body, as: UTF8.self)
        #expect(running.contains("data-movie=\"movie-0002\" data-state=\"&lt;rendering&gt;\""), "\(running)")
        #expect(running.contains("href=\"/gallery/run-a/index.html#movie-0001\""))
        #expect(running.contains("ETA 12s") && running.contains("5/8"))
        let finished = String(decoding: await get(server, "/runs/run-b").body, as: UTF8.self)
        #expect(finished.contains("finished in 26s") && !finished.contains("ETA"))
        let overview = String(decoding: await get(server, "/").body, as: UTF8.self)
        #expect(overview.range(of: "run-b")!.lowerBound < overview.range(of: "run-a")!.lowerBound, "newest run first")
    }

    @Test("The gallery serves files under the run's folder and nothing outside it")
    func gallery() async throws {
        let root = try TestPaths.temporaryDirectory("console-gallery")
        let run = root.appendingPathComponent("run-a")
        try FileManager.default.createDirectory(at: run.appendingPathComponent("videos/movie-0001/frames"),
                                                withIntermediateDirectories: true)
        try Data("<html>gallery</html>".utf8).write(to: run.appendingPathComponent("index.html"))
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: run.appendingPathComponent("videos/movie-0001/frames/0001.png"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("outside.txt"))
        try FileManager.default.createSymbolicLink(atPath: run.appendingPathComponent("escape.txt").path,
                                                   withDestinationPath: root.appendingPathComponent("outside.txt").path)
        let server = server(root: root)
        let page = await get(server, "/gallery/run-a/index.html")
        #expect(page.status == 200 && page.headers["Content-Type"] == "text/html; charset=utf-8")
        let frame = await get(server, "/gallery/run-a/videos/movie-0001/frames/0001.png")
        #expect(frame.status == 200 && frame.headers["Content-Type"] == "image/png" && frame.body == [0x89, 0x50, 0x4E, 0x47])
        for path in ["/gallery/run-a/../outside.txt", "/gallery/run-a/%2e%2e/outside.txt", "/gallery/../outside.txt",
                     "/gallery/run-a/escape.txt", "/gallery/run-a/.hidden", "/gallery/run-a/videos", "/gallery/run-a",
                     "/gallery/run-a//index.html", "/gallery/.run-a/index.html"] {
            let response = await get(server, path)
            #expect(response.status == 404, "\(path) must not be served")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("secret"))
        }
        let post = await server.respond(to: HTTPInboundRequest(method: "POST", uri: "/gallery/run-a/index.html"))
        #expect(post.status == 404, "read-only: only GET and HEAD reach the files")
        #expect(!String(decoding: post.body, as: UTF8.self).contains("<html>gallery</html>"))
    }
}
