import Clients
import Foundation

/// Tests/Fixtures/diffusion_server_stub.py: AUTOMATIC1111's or ComfyUI's API on a loopback port, its embeddings
/// and counters in a folder of the test's, so it can be killed and started again on the same port (a server
/// restart) without losing them.
final class DiffusionStub: @unchecked Sendable {
    enum Flavor: String { case a1111, comfyui }

    let flavor: Flavor
    let state: URL
    let stepSeconds: Double
    /// The address it listens on (127.0.0.1 unless another host must reach it).
    let host: String
    private(set) var server: ModelStubServer
    private let client = HTTPClient()

    var baseURL: URL { server.baseURL }
    /// The folder the stub loads embeddings from.
    var embeddings: URL { state.appendingPathComponent("embeddings", isDirectory: true) }

    private init(flavor: Flavor, state: URL, stepSeconds: Double, host: String, server: ModelStubServer) {
        self.flavor = flavor
        self.host = host
        self.state = state
        self.stepSeconds = stepSeconds
        self.server = server
    }

    /// Starts a stub of `flavor` with a fresh state folder.
    /// `host` 0.0.0.0 makes it reachable from network namespaces too (through their host-side addresses).
    static func start(_ flavor: Flavor, stepSeconds: Double = 0.01, host: String = "127.0.0.1") async throws -> DiffusionStub {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("df-\(flavor.rawValue)-\(UUID().uuidString.prefix(8))")
        let server = try await launch(flavor, state: state, port: 0, stepSeconds: stepSeconds, host: host)
        return DiffusionStub(flavor: flavor, state: state, stepSeconds: stepSeconds, host: host, server: server)
    }

    private static func launch(_ flavor: Flavor, state: URL, port: Int, stepSeconds: Double,
                               host: String) async throws -> ModelStubServer {
        try await ModelStubServer.launch(script: ModelStubServer.fixture("diffusion_server_stub.py"),
                                         arguments: ["--flavor", flavor.rawValue, "--port", String(port), "--host", host,
                                                     "--state", state.path, "--step-seconds", String(stepSeconds)])
    }

    /// Kills the server (SIGKILL, like a crashed host) and starts it again on the same port with the same state.
    func restart() async throws {
        let port = server.port
        server.stop()
        var lastError: (any Error)?
        for _ in 0..<50 {   // the port may linger a moment
            do {
                server = try await Self.launch(flavor, state: state, port: port, stepSeconds: stepSeconds, host: host)
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError ?? ModelStubError(message: "the stub did not start again on port \(port)")
    }

    /// The stub's counters (kept across restarts).
    func stats() async throws -> [String: Int] {
        let data = try await client.get(server.url("/stub/stats"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Int]) ?? [:]
    }

    /// One counter, 0 when absent.
    func count(_ name: String) async throws -> Int { try await stats()[name] ?? 0 }

    /// The last request of a kind (`txt2img`, `prompt`, `train`).
    func last(_ kind: String) async throws -> [String: Any] {
        try await server.json("/stub/last?kind=\(kind)", client: client)
    }

    /// Sets faults (see the stub's documentation).
    func faults(_ faults: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: faults)
        var request = HTTPRequest(method: .post, url: server.url("/stub/faults"), body: body)
        request.headers["Content-Type"] = "application/json"
        _ = try await client.send(request).requireSuccess()
    }

    /// Stops the server and removes its state.
    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: state)
    }

    /// Runs `body` with a fresh stub and always stops it afterwards.
    static func with<T>(_ flavor: Flavor, stepSeconds: Double = 0.01,
                        _ body: (DiffusionStub) async throws -> T) async throws -> T {
        let stub = try await start(flavor, stepSeconds: stepSeconds)
        defer { stub.stop() }
        return try await body(stub)
    }
}
