import Clients
import Foundation
import Monitoring
import Testing
import TestSupport

/// The small HTTP server the metrics port and the console share, on a loopback port: whole requests, bodies and
/// their bound, HEAD, a client that sends nothing, and a responder slower than the request timeout.
@Suite("The shared HTTP listener")
struct HTTPListenerTests {
    struct Echo: HTTPResponder {
        func respond(to request: HTTPInboundRequest) async -> HTTPOutboundResponse {
            if request.path == "/slow" { try? await Task.sleep(for: .seconds(4)) }
            let text = "\(request.method) \(request.path) q=\(request.query) body=\(String(decoding: request.body, as: UTF8.self)) "
                + "type=\(request.header("content-type") ?? "-")"
            return HTTPOutboundResponse(status: 200, contentType: "text/plain", text: text, headers: ["X-Echo": "1"])
        }
    }

    @Test("Requests are read whole and answered; over-long bodies get 413; HEAD has no body; a silent client is dropped")
    func serves() async throws {
        // 3 s for a request to arrive: a loaded 2-core machine (CI's whole suite at once) took longer than 0.5 s
        // between accepting curl's connection and reading its request, which the listener then dropped.
        let listener = HTTPListener(host: "127.0.0.1", port: 0, setting: "--port", maxBodyBytes: 16,
                                    requestTimeout: .seconds(3), responder: Echo(), logger: TestPaths.quietLogger)
        let serving = Task { try await listener.run() }
        defer { serving.cancel() }
        let port = try #require(await listener.boundPort())
        let client = HTTPClient()
        defer { client.shutdown() }
        let base = "http://127.0.0.1:\(port)"

        let get = try await client.send(HTTPRequest(url: URL(string: base + "/a?x=1")!))
        #expect(get.status == 200 && get.text == "GET /a q=x=1 body= type=-" && get.headers["x-echo"] == "1", "\(get.text)")
        var post = HTTPRequest(method: .post, url: URL(string: base + "/form")!, body: Data("a=1&b=2".utf8))
        post.headers["Content-Type"] = "application/x-www-form-urlencoded"
        let posted = try await client.send(post)
        #expect(posted.text == "POST /form q= body=a=1&b=2 type=application/x-www-form-urlencoded", "\(posted.text)")
        let large = try await client.send(HTTPRequest(method: .post, url: URL(string: base + "/form")!,
                                                      body: Data(String(repeating: "x", count: 17).utf8)))
        #expect(large.status == 413)
        let head = try await client.send(HTTPRequest(method: .head, url: URL(string: base + "/a")!))
        #expect(head.status == 200 && head.body.isEmpty)
        let slow = try await client.send(HTTPRequest(url: URL(string: base + "/slow")!, timeout: .seconds(20)))
        #expect(slow.status == 200 && slow.text.hasPrefix("GET /slow"), "a responder slower than the request timeout still answers")

        // A client that connects and sends nothing is closed once the request timeout passes. The wait polls and
        // retries on EINTR: this process runs many child processes, and a signal interrupts a plain read with a
        // socket timeout (SO_RCVTIMEO reads are never restarted), which is not the server closing anything.
        let started = ContinuousClock.now
        let closed = await Task.detached { () -> String in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { return "connect failed, errno \(errno)" }
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 1000)
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { continue }
                var byte: UInt8 = 0
                let got = read(fd, &byte, 1)
                if got < 0 && errno == EINTR { continue }
                if got == 0 || (got < 0 && errno == ECONNRESET) { return "closed" }
                return "read returned \(got), errno \(errno)"
            }
            return "still open after 60 s"
        }.value
        #expect(closed == "closed", "the server closes a silent connection after its 3 s request timeout: \(closed) after \(ContinuousClock.now - started)")
    }

    @Test("A port that cannot be bound is a configuration error naming the setting")
    func taken() async throws {
        let first = HTTPListener(host: "127.0.0.1", port: 0, setting: "--port", responder: Echo(), logger: TestPaths.quietLogger)
        let serving = Task { try await first.run() }
        defer { serving.cancel() }
        let port = try #require(await first.boundPort())
        let second = HTTPListener(host: "127.0.0.1", port: port, setting: "--port", responder: Echo(), logger: TestPaths.quietLogger)
        await #expect(throws: (any Error).self) { try await second.run() }
        #expect(await second.boundPort() == nil)
        do { try await second.run() } catch { #expect("\(error)".contains("--port"), "\(error)") }
    }
}
