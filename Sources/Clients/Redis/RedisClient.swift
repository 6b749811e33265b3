import DreamFrameCore
import CHiredis
import Foundation
import Logging

/// A Redis client whose one connection is owned by a dedicated thread.
///
/// Commands from all concurrent callers are written back to back and their replies read in order, so under load many
/// commands share one round trip (automatic pipelining) and no caller ever blocks Swift's cooperative pool.
/// After a lost connection the thread reconnects with backoff; commands wait up to ``waitForConnection``.
public final class RedisClient: @unchecked Sendable {
    private struct Request {
        let commands: [[Data]]
        let deadline: Date
        let continuation: CheckedContinuation<[RedisValue], Error>
    }

    public let url: RedisURL
    private let logger: Logger
    private let waitForConnection: TimeInterval
    private let condition = NSCondition()
    private var queue: [Request] = []
    private var stopping = false
    private var stopped = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []

    public init(url: RedisURL, logger: Logger, waitForConnection: TimeInterval = 30) {
        self.url = url
        self.logger = logger
        self.waitForConnection = waitForConnection
        let thread = Thread { [unowned self] in self.threadMain() }
        thread.name = "redis"
        thread.start()
    }

    /// Sends one command and returns its reply; an error reply throws ``RedisError/server(_:)``.
    @discardableResult
    public func send(_ arguments: [String]) async throws -> RedisValue {
        let replies = try await pipeline([arguments])
        return replies[0]
    }

    /// Sends one command whose arguments are raw bytes.
    @discardableResult
    public func send(binary arguments: [Data]) async throws -> RedisValue {
        let replies = try await submit([arguments])
        if case .error(let message) = replies[0] { throw RedisError.server(message) }
        return replies[0]
    }

    /// Sends several commands in one round trip; throws if any of them answered with an error.
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        let replies = try await submit(commands.map { $0.map { Data($0.utf8) } })
        for reply in replies { if case .error(let message) = reply { throw RedisError.server(message) } }
        return replies
    }

    private func submit(_ commands: [[Data]]) async throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(commands, continuation)
        }
    }

    private func enqueue(_ commands: [[Data]], _ continuation: CheckedContinuation<[RedisValue], Error>) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped && !stopping else {
            continuation.resume(throwing: RedisError.shutdown)
            return
        }
        queue.append(Request(commands: commands, deadline: Date().addingTimeInterval(waitForConnection),
                             continuation: continuation))
        condition.signal()
    }

    /// Finishes queued commands and closes the connection.
    public func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            if registerExitWaiter(waiter) { waiter.resume() }
        }
    }

    private func registerExitWaiter(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        if stopped { return true }
        exitWaiters.append(waiter)
        return false
    }

    private func threadMain() {
        var backoff: TimeInterval = 0.05
        var context: UnsafeMutablePointer<redisContext>?
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                stopped = true
                let waiters = exitWaiters
                exitWaiters.removeAll()
                condition.unlock()
                waiters.forEach { $0.resume() }
                break
            }
            let batch = Array(queue.prefix(512))
            queue.removeFirst(batch.count)
            condition.unlock()

            do {
                if context == nil {
                    context = try connect()
                    backoff = 0.05
                }
                try execute(batch, on: context!)
            } catch {
                if let c = context { redisFree(c) }
                context = nil
                logger.warning("redis connection failed", metadata: ["redis": "\(url)", "error": "\(error)"])
                // Requests of a failed batch may or may not have run: fail them; callers retry idempotently.
                for request in batch { request.continuation.resume(throwing: error) }
                condition.lock()
                let now = Date()
                let expired = queue.filter { $0.deadline < now }
                queue.removeAll { $0.deadline < now }
                if !stopping { _ = condition.wait(until: now.addingTimeInterval(backoff)) }
                condition.unlock()
                for request in expired {
                    request.continuation.resume(throwing: RedisError.connection("no connection to \(url) within \(Int(waitForConnection)) s"))
                }
                backoff = min(backoff * 2, 2)
            }
        }
        if let c = context { redisFree(c) }
    }

    private func connect() throws -> UnsafeMutablePointer<redisContext> {
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        guard let context = redisConnectWithTimeout(url.host, Int32(url.port), timeout) else {
            throw RedisError.connection("cannot allocate a context")
        }
        if context.pointee.err != 0 {
            let message = withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            redisFree(context)
            throw RedisError.connection("cannot reach \(url): \(message)")
        }
        timeout = timeval(tv_sec: 10, tv_usec: 0)
        redisSetTimeout(context, timeout)
        var setup: [[Data]] = []
        if let password = url.password {
            setup.append(([ "AUTH" ] + (url.user.map { [$0] } ?? []) + [password]).map { Data($0.utf8) })
        }
        if url.database != 0 { setup.append(["SELECT", String(url.database)].map { Data($0.utf8) }) }
        for command in setup {
            let replies = try roundTrip([command], on: context)
            if case .error(let message) = replies[0] {
                redisFree(context)
                throw RedisError.connection("\(command[0] == Data("AUTH".utf8) ? "authentication" : "select") failed: \(message)")
            }
        }
        return context
    }

    private func execute(_ batch: [Request], on context: UnsafeMutablePointer<redisContext>) throws {
        let replies = try roundTrip(batch.flatMap(\.commands), on: context)
        var offset = 0
        for request in batch {
            let count = request.commands.count
            request.continuation.resume(returning: Array(replies[offset..<offset + count]))
            offset += count
        }
    }

    private func roundTrip(_ commands: [[Data]], on context: UnsafeMutablePointer<redisContext>) throws -> [RedisValue] {
        for command in commands {
            let status = Self.append(command, to: context)
            guard status == REDIS_OK else { throw RedisError.connection(Self.errorText(context)) }
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                throw RedisError.connection(Self.errorText(context))
            }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(RedisValue(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private static func append(_ command: [Data], to context: UnsafeMutablePointer<redisContext>) -> Int32 {
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        var buffers: [UnsafeMutableRawPointer] = []
        defer { buffers.forEach { free($0) } }
        for argument in command {
            let buffer = malloc(max(argument.count, 1))!
            argument.withUnsafeBytes { if $0.count > 0 { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
            buffers.append(buffer)
            pointers.append(UnsafePointer(buffer.assumingMemoryBound(to: CChar.self)))
            lengths.append(argument.count)
        }
        return pointers.withUnsafeMutableBufferPointer { p in
            lengths.withUnsafeBufferPointer { l in
                redisAppendCommandArgv(context, Int32(command.count), p.baseAddress, l.baseAddress)
            }
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        let text = withUnsafeBytes(of: context.pointee.errstr) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return text.isEmpty ? "connection lost" : text
    }
}
