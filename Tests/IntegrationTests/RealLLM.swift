import Foundation
import Testing
import Clients
import Models
import HTTPModels
import Pipeline

/// The real OpenAI-compatible server of the suite: llama.cpp's `llama-server` with SmolLM2-135M-Instruct, built and
/// started by `ops/llama-up.sh` (`make test` does it; `ops/env.sh` exports where it listens).
enum RealLLM {
    /// `DF_LLAMA_URL` (e.g. `http://127.0.0.1:8093/v1`); the test fails, never skips, when it is not set.
    static var baseURL: URL {
        get throws {
            guard let text = ProcessInfo.processInfo.environment["DF_LLAMA_URL"], let url = URL(string: text) else {
                throw RealLLMError(description: "DF_LLAMA_URL is not set: run the suite through `make test`, or "
                                   + "`ops/llama-up.sh && source ops/env.sh` first")
            }
            return url
        }
    }

    /// `DF_LLAMA_MODEL` (the server's `--alias`), `smollm2` by default.
    static var model: String { ProcessInfo.processInfo.environment["DF_LLAMA_MODEL"] ?? "smollm2" }

    /// The story model's settings for stage processes.
    static func stageEnvironment(cache: URL) throws -> [String: String] {
        ["DREAMFRAME_STORY_MODEL": "openai", "DREAMFRAME_STORY_MODEL_URL": try baseURL.absoluteString,
         "DREAMFRAME_STORY_MODEL_NAME": model, "DREAMFRAME_MODEL_CACHE": cache.path,
         "DREAMFRAME_MODEL_TIMEOUT": "240", "DREAMFRAME_MODEL_CONCURRENCY": "2"]
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Waits (bounded) until the server answers `/health`, so a test fails with a clear reason when it is down.
    static func requireHealthy(client: HTTPClient) async throws {
        let health = try baseURL.deletingLastPathComponent().appendingPathComponent("health")
        for _ in 0..<50 {
            if let response = try? await client.send(HTTPRequest(url: health, timeout: .seconds(2))), response.isSuccess { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw RealLLMError(description: "llama-server at \(health) is not healthy: start it with `ops/llama-up.sh`")
    }
}

struct RealLLMError: Error, CustomStringConvertible {
    var description: String
}
