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

        // A client that connects and sends nothing is closed once the request timeout passes.
        let closed = await Task.detached { () -> Int in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { return -2 }
            var wait = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            return read(fd, &byte, 1)
        }.value
        #expect(closed == 0, "the server closed the silent connection (read returned \(closed), -1 would be our own 60 s wait)")
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
