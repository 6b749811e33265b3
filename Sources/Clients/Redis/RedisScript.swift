import DreamFrameCore
import Foundation

/// A Lua script run atomically by Redis, sent by its SHA-1 (`EVALSHA`) and loaded with `EVAL` only when the server
/// does not know it yet (`NOSCRIPT`: first use, or after a Redis restart or `SCRIPT FLUSH`).
public struct RedisScript: Sendable {
    /// The Lua source.
    public let source: String
    /// The SHA-1 of ``source`` in lowercase hex, the name Redis caches the script under.
    public let sha1: String

    /// A script with the given Lua source.
    public init(_ source: String) {
        self.source = source
        self.sha1 = SHA1.hex(Data(source.utf8))
    }
}

extension RedisClient {
    /// Runs `script` with `keys` and `arguments`: `EVALSHA` first (no source on the wire), then `EVAL` — which also
    /// caches the script — if Redis answers `NOSCRIPT`.
    @discardableResult
    public func eval(_ script: RedisScript, keys: [String], arguments: [String] = []) async throws -> RedisValue {
        let parameters = [String(keys.count)] + keys + arguments
        do {
            return try await send(["EVALSHA", script.sha1] + parameters)
        } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
            return try await send(["EVAL", script.source] + parameters)
        }
    }
}
