import DreamFrameCore
import CHiredis
import Foundation

/// One blocking hiredis connection (the Redis client's thread only). Freed on deinit.
final class HiredisConnection {
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects to `url`, then authenticates and selects its database; throws ``RedisError/connection(_:)``.
    ///
    /// `context` is assigned only after everything succeeded, so a failed connect (which frees the context itself)
    /// never reaches `deinit`.
    init(url: RedisURL) throws {
        context = try Self.open(url)
    }

    deinit { redisFree(context) }

    /// Connects to `url` once and sends `PING`: throws ``RedisError/accessDenied(_:)`` when Redis refuses the
    /// credentials (or the user may not even PING), ``RedisError/connection(_:)`` when it cannot be reached.
    static func checkAccess(_ url: RedisURL) throws {
        let connection = try HiredisConnection(url: url)
        if case .error(let message) = try connection.roundTrip([RedisCommand(["PING"])])[0] {
            throw RedisError.reply(message)
        }
    }

    /// Sends `commands` back to back and reads one reply for each, in order (one round trip).
    func roundTrip(_ commands: [RedisCommand]) throws -> [RedisValue] {
        try Self.roundTrip(commands, on: context)
    }

    private static func roundTrip(_ commands: [RedisCommand], on context: UnsafeMutablePointer<redisContext>) throws
        -> [RedisValue] {
        let errorText = { text(of: context).isEmpty ? "connection lost" : text(of: context) }
        for command in commands {
            guard command.append(to: context) == REDIS_OK else { throw RedisError.connection(errorText()) }
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw RedisError.connection(errorText()) }
            replies.append(RedisValue(raw.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(raw)
        }
        return replies
    }

    private static func open(_ url: RedisURL) throws -> UnsafeMutablePointer<redisContext> {
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), timeval(tv_sec: 3, tv_usec: 0)) else {
            throw RedisError.connection("cannot allocate a context")
        }
        if context.pointee.err != 0 {
            let message = text(of: context)
            redisFree(context)
            throw RedisError.connection("cannot reach \(url): \(message)")
        }
        redisSetTimeout(context, timeval(tv_sec: 10, tv_usec: 0))
        do {
            try setUp(context, url)
        } catch {
            redisFree(context)
            throw error
        }
        return context
    }

    /// AUTH and SELECT, as the URL asks.
    private static func setUp(_ context: UnsafeMutablePointer<redisContext>, _ url: RedisURL) throws {
        if let password = url.password {
            let command = ["AUTH"] + (url.user.map { [$0] } ?? []) + [password]
            if case .error(let message) = try roundTrip([RedisCommand(command)], on: context)[0] {
                throw RedisError.accessDenied("\(url) refused the login: \(message)")
            }
        }
        if url.database != 0 {
            let command = RedisCommand(["SELECT", String(url.database)])
            if case .error(let message) = try roundTrip([command], on: context)[0] {
                let error = RedisError.reply(message)
                if case .accessDenied = error { throw error }
                throw RedisError.connection("select failed: \(message)")
            }
        }
    }

    private static func text(of context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
