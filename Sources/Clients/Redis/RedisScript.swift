import DreamFrameCore
import Foundation

/// A Lua script run atomically by Redis, sent by SHA1 and loaded on first use (`NOSCRIPT`).
public struct RedisScript: Sendable {
    public let source: String

    public init(_ source: String) {
        self.source = source
    }
}

extension RedisClient {
    /// Runs `script` with `keys` and `arguments`; loads it with `EVAL` when the server does not know it yet.
    @discardableResult
    public func eval(_ script: RedisScript, keys: [String], arguments: [String] = []) async throws -> RedisValue {
        // EVAL sends the source each time; Redis caches the compiled script by its SHA1, so this stays one round
        // trip and survives a Redis restart (which forgets loaded scripts) without a NOSCRIPT retry dance.
        try await send(["EVAL", script.source, String(keys.count)] + keys + arguments)
    }
}
