import Clients
import DreamFrameCore
import Foundation
import Models

/// The style cache as an operator sees it (`dreamframe style list|show|export|import|forget`): every learned style
/// in Redis, one by id, one written from a file (a style learned on another cluster), one removed so it is learned
/// again. The stages use ``PipelineStore`` for the same keys.
public struct StyleCache: Sendable {
    let redis: RedisClient

    /// A cache over `redis`.
    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// Every cached style, by id.
    public func all() async throws -> [StyleEmbedding] {
        var cursor = "0", keys: [String] = []
        let prefix = PipelineKeys.style("")
        repeat {
            let reply = try await redis.send(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"]).array
            cursor = reply.first?.string ?? "0"
            keys += (reply.last?.array.compactMap(\.string) ?? []).filter { key in
                !key.hasSuffix(":lock") && !key.hasSuffix(":waiters")
            }
        } while cursor != "0"
        guard !keys.isEmpty else { return [] }
        var styles: [StyleEmbedding] = []
        for chunk in stride(from: 0, to: keys.count, by: 100).map({ Array(keys[$0..<min($0 + 100, keys.count)]) }) {
            styles += try await redis.send(["MGET"] + chunk).array.compactMap { value in
                value.data.flatMap { try? JSONDecoder().decode(StyleEmbedding.self, from: $0) }
            }
        }
        return styles.sorted { $0.styleId < $1.styleId }
    }

    /// One style, or nil.
    public func style(_ styleId: String) async throws -> StyleEmbedding? {
        guard let data = try await redis.send(["GET", PipelineKeys.style(styleId)]).data else { return nil }
        return try JSONDecoder().decode(StyleEmbedding.self, from: data)
    }

    /// Writes `style` under its id; refuses to replace a cached one unless `replace`. Returns whether it was written.
    @discardableResult
    public func put(_ style: StyleEmbedding, replace: Bool) async throws -> Bool {
        var command = ["SET", PipelineKeys.style(style.styleId), try JSONCoding.compactString(style)]
        if !replace { command.append("NX") }
        return try await redis.send(command).string == "OK"
    }

    /// Removes a style (the next movie that needs it learns it again); returns whether it was cached.
    @discardableResult
    public func forget(_ styleId: String) async throws -> Bool {
        try await redis.send(["DEL", PipelineKeys.style(styleId)]).int == 1
    }
}
