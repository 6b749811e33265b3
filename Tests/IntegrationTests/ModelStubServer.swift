import Foundation

/// Runs Tests/Fixtures/model_stub_server.py on an ephemeral loopback port for one test.
final class ModelStubServer: @unchecked Sendable {
    let process: Process
    let port: Int
    private let stdinPipe: Pipe

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func url(_ pathAndQuery: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")! }

    static var scriptPath: String { fixture("model_stub_server.py") }

    /// A file of Tests/Fixtures.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }

    private init(process: Process, port: Int, stdinPipe: Pipe) {
        self.process = process
        self.port = port
        self.stdinPipe = stdinPipe
    }

    /// Starts the server and waits (on a plain thread, not the cooperative pool) for it to print its port.
    static func start(apiKey: String = "test-key") async throws -> ModelStubServer {
        try await launch(script: scriptPath, arguments: ["--port", "0", "--api-key", apiKey])
    }

    /// Starts a Python stub script that prints its port on its first line, and waits for that line.
    static func launch(script: String, arguments: [String]) async throws -> ModelStubServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        let port: Int = try await withCheckedThrowingContinuation { continuation in
            Thread {
                var line = Data()
                while true {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                    if line.contains(UInt8(ascii: "\n")) { break }
                }
                let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if let port = Int(text) {
                    continuation.resume(returning: port)
                } else {
                    continuation.resume(throwing: ModelStubError(message: "stub server did not print a port: \(text)"))
                }
            }.start()
        }
        return ModelStubServer(process: process, port: port, stdinPipe: input)
    }

    /// Stops the server process this helper started and waits for exactly its pid (not through Foundation's
    /// `waitUntilExit`, which needs a free cooperative thread to notice the exit). SIGKILL, because a child started
    /// after a service group took over SIGTERM in this process inherits SIGTERM as ignored.
    func stop() {
        try? stdinPipe.fileHandleForWriting.close()
        let pid = process.processIdentifier
        guard pid > 0, kill(pid, SIGKILL) == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Runs `body` with a fresh server and always stops it afterwards.
    static func with<T>(apiKey: String = "test-key", _ body: (ModelStubServer) async throws -> T) async throws -> T {
        let server = try await start(apiKey: apiKey)
        do {
            let result = try await body(server)
            server.stop()
            return result
        } catch {
            server.stop()
            throw error
        }
    }

    /// GETs a JSON object from the stub (for /stats and /last).
    func json(_ pathAndQuery: String, client: StubJSONClient) async throws -> [String: Any] {
        let data = try await client.get(url(pathAndQuery))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}

struct ModelStubError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
