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

@Suite("HTTPClient over loopback")
struct HTTPClientTests {
    @Test("GET and POST round trip: method, headers, body, status, response headers")
    func roundTrip() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let request = HTTPRequest(method: .post, url: server.url("/echo?x=1"),
                                      headers: ["X-Test": "hello", "Content-Type": "text/plain"],
                                      body: Data("payload-Ω".utf8))
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            let echo = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
            #expect(echo["method"] as? String == "POST")
            #expect(echo["body"] as? String == "payload-Ω")
            let headers = try #require(echo["headers"] as? [String: String])
            #expect(headers["X-Test"] == "hello")
            #expect(headers["Expect"] == nil)

            let put = try await client.send(HTTPRequest(method: .put, url: server.url("/echo"), body: Data("b".utf8)))
            let putEcho = try #require(try JSONSerialization.jsonObject(with: put.body) as? [String: Any])
            #expect(putEcho["method"] as? String == "PUT")
            let get = try await client.send(HTTPRequest(url: server.url("/health")))
            #expect(get.status == 200 && get.classifiedError == nil)
        }
    }

    @Test("20 requests overlap on the one transfer thread")
    func concurrency() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient(configuration: .init(maxConcurrent: 32))
            let group = "conc-\(UUID().uuidString.prefix(8))"
            let statuses = try await withThrowingTaskGroup(of: Int.self) { tasks in
                for _ in 0..<20 {
                    tasks.addTask { try await client.send(HTTPRequest(url: server.url("/slow?ms=300&group=\(group)"))).status }
                }
                return try await tasks.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 20 && statuses.allSatisfy { $0 == 200 })
            let stats = try await server.json("/stats?group=\(group)", client: client)
            #expect(stats["total"] as? Int == 20)
            let maxInFlight = try #require(stats["max_in_flight"] as? Int)
            #expect(maxInFlight >= 10, "requests did not overlap: max in flight \(maxInFlight)")
        }
    }

    @Test("maxConcurrent bounds the transfers in flight and queues the rest")
    func boundedConcurrency() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient(configuration: .init(maxConcurrent: 3))
            let group = "bound-\(UUID().uuidString.prefix(8))"
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<9 {
                    tasks.addTask { _ = try await client.send(HTTPRequest(url: server.url("/slow?ms=200&group=\(group)"))) }
                }
                try await tasks.waitForAll()
            }
            let stats = try await server.json("/stats?group=\(group)", client: client)
            #expect(stats["total"] as? Int == 9)
            let maxInFlight = try #require(stats["max_in_flight"] as? Int)
            #expect(maxInFlight <= 3 && maxInFlight >= 2, "max in flight \(maxInFlight)")
        }
    }

    @Test("a slot a finished transfer frees goes to the next queued transfer at once", .timeLimit(.minutes(1)))
    func queuedTransferStartsWhenSlotFrees() async throws {
        try await ModelStubServer.with { server in
            // One slot, five requests queued behind each other, and a transfer thread that sleeps an hour when
            // nothing wakes it: a queued transfer that waited for the next wake-up (another socket event, a new
            // request or the idle poll) would hang here until the time limit fails the test.
            let client = HTTPClient(configuration: .init(maxConcurrent: 1, idlePoll: .seconds(3600)))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for _ in 0..<5 {
                    tasks.addTask { _ = try await client.send(HTTPRequest(url: server.url("/slow?ms=50"))) }
                }
                try await tasks.waitForAll()
            }
        }
    }

    @Test("total timeout throws a transient timedOut error")
    func timeout() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            do {
                _ = try await client.send(HTTPRequest(url: server.url("/slow?ms=3000"), timeout: .milliseconds(300)))
                Issue.record("expected a timeout")
            } catch let error as HTTPClientError {
                guard case .timedOut = error else { Issue.record("wrong error \(error)"); return }
                #expect(error.isTransient)
                guard case .transient = ModelError(error) else { Issue.record("not transient"); return }
            }
        }
    }

    @Test("connection refused is a transient connectionFailed error")
    func connectionRefused() async throws {
        let server = try await ModelStubServer.start()
        let port = server.port
        server.stop()
        let client = HTTPClient()
        do {
            _ = try await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!))
            Issue.record("expected connection failure")
        } catch let error as HTTPClientError {
            guard case .connectionFailed = error else { Issue.record("wrong error \(error)"); return }
            guard case .transient = ModelError(error) else { Issue.record("not transient"); return }
        }
    }

    @Test("status classification: 429 and 5xx transient, other 4xx permanent", arguments: [
        (429, true), (500, true), (503, true), (408, true), (400, false), (401, false), (404, false), (422, false),
    ])
    func statusClassification(status: Int, transient: Bool) async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let response = try await client.send(HTTPRequest(url: server.url("/status/\(status)")))
            #expect(response.status == status)
            let error = try #require(response.classifiedError)
            switch error {
            case .transient: #expect(transient)
            case .permanent: #expect(!transient)
            }
            #expect(error.description.contains("HTTP \(status)"))
            if status == 429 { #expect(error.description.contains("Retry-After: 1")) }
            #expect(throws: ModelError.self) { try response.requireSuccess() }
        }
    }

    @Test("credentials never appear in error text")
    func redaction() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let secrets = ["s3cretPass", "TOPSECRETKEY", "sk-SECRET-TOKEN-123", "alice"]
            let url = URL(string: "http://alice:s3cretPass@127.0.0.1:\(server.port)/status/400?api_key=TOPSECRETKEY&page=2")!
            let request = HTTPRequest(url: url, headers: ["Authorization": "Bearer sk-SECRET-TOKEN-123"])
            let response = try await client.send(request)
            // The stub echoes the Authorization header and query in its body: the snippet must be scrubbed.
            #expect(response.text.contains("sk-SECRET-TOKEN-123"))
            let texts = [String(describing: try #require(response.classifiedError)), String(describing: response),
                         String(describing: request), String(reflecting: request), response.redactedURL,
                         try #require(response.classifiedError).description]
            var dumped = ""
            dump(request, to: &dumped)
            for text in texts + [dumped] {
                for secret in secrets {
                    #expect(!text.contains(secret), "leaked \(secret) in: \(text)")
                }
            }
            #expect(response.redactedURL.contains("api_key=***"))

            // Transport errors: refused connection to a URL with credentials.
            let closed = try await ModelStubServer.start()
            let closedPort = closed.port
            closed.stop()
            let bad = HTTPRequest(url: URL(string: "http://alice:s3cretPass@127.0.0.1:\(closedPort)/x?token=TOPSECRETKEY")!,
                                  headers: ["Authorization": "Bearer sk-SECRET-TOKEN-123"])
            do {
                _ = try await client.send(bad)
                Issue.record("expected failure")
            } catch {
                let text = "\(error) \(error.localizedDescription)"
                for secret in secrets { #expect(!text.contains(secret), "leaked \(secret) in: \(text)") }
            }
        }
    }

    @Test("redaction of URL strings")
    func redactURLs() {
        #expect(Redaction.url("https://u:p@h.example/a?key=v&x=1#frag") == "https://***@h.example/a?key=***&x=***")
        #expect(Redaction.url("http://h/a") == "http://h/a")
        #expect(Redaction.scrub("see http://bob:pw@host/x", secrets: []) == "see http://***@host/x")
    }

    @Test("cancelling the task cancels the transfer")
    func cancellation() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            // Without cancellation this request would succeed after 5 s, so a CancellationError proves it was cut.
            let task = Task { try await client.send(HTTPRequest(url: server.url("/slow?ms=5000"))) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(client.inFlightCount == 0)
            // The client keeps working after a cancellation.
            #expect(try await client.send(HTTPRequest(url: server.url("/health"))).status == 200)
        }
    }

    @Test("already-cancelled task fails at once")
    func preCancelled() async throws {
        let client = HTTPClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:9/never")!))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("invalid URL scheme is permanent; shutdown fails later sends")
    func invalidAndShutdown() async throws {
        let client = HTTPClient()
        do {
            _ = try await client.send(HTTPRequest(url: URL(string: "ftp://127.0.0.1/x")!))
            Issue.record("expected failure")
        } catch let error as HTTPClientError {
            #expect(!error.isTransient)
        }
        client.shutdown()
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: HTTPClientError.shutdown) {
            try await client.send(HTTPRequest(url: URL(string: "http://127.0.0.1:9/x")!))
        }
    }

    @Test("as a Service: runs in a group, and the group's shutdown stops it")
    func asService() async throws {
        try await ModelStubServer.with { server in
            let client = HTTPClient()
            let status = try await withRunningClients([client]) {
                try await client.send(HTTPRequest(url: server.url("/health"))).status
            }
            #expect(status == 200)
            await #expect(throws: HTTPClientError.shutdown) {
                try await client.send(HTTPRequest(url: server.url("/health")))
            }
        }
    }
}
