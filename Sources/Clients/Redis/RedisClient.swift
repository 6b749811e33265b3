import DreamFrameCore
import Foundation
import Logging
import ServiceLifecycle

/// A Redis client whose one connection is owned by a dedicated thread.
///
/// Commands from all concurrent callers are written back to back and their replies read in order, so under load many
/// commands share one round trip (automatic pipelining) and no caller ever blocks Swift's cooperative pool.
/// While there is no connection (before the first, or after a lost one) the thread reconnects with backoff and
/// commands wait up to `waitForConnection`. Commands of a batch that was written when the connection broke fail
/// (they may or may not have run; callers retry idempotently).
///
/// Lifecycle: a `Service`. ``run()`` starts the thread and returns once it has exited; a graceful shutdown (or
/// ``shutdown()``) finishes the queued commands, then closes the connection. Commands sent before ``run()`` wait
/// for it (up to `waitForConnection`).
public final class RedisClient: Service, @unchecked Sendable {
    struct Request {
        let commands: [RedisCommand]
        let deadline: Date
        let continuation: CheckedContinuation<[RedisValue], Error>
    }

    /// Where the client connects.
    public let url: RedisURL
    private let logger: Logger
    private let waitForConnection: TimeInterval
    private let thread: ConnectionThread<Request>

    /// Creates a client; it connects once ``run()`` starts its thread.
    ///
    /// - Parameter waitForConnection: How long a command may wait for a connection before it fails with
    ///   ``RedisError/connection(_:)``.
    public init(url: RedisURL, logger: Logger, waitForConnection: TimeInterval = 30) {
        self.url = url
        self.logger = logger
        self.waitForConnection = waitForConnection
        thread = ConnectionThread(name: "redis", deadline: { $0.deadline }, fail: { request, failure in
            switch failure {
            case .shutdown: request.continuation.resume(throwing: RedisError.shutdown)
            case .expired: request.continuation.resume(throwing: RedisError.connection(
                "no connection to \(url) within \(Int(waitForConnection)) s"))
            }
        })
    }

    /// Runs the client's thread until a graceful shutdown (or ``shutdown()``) has finished the queued commands.
    public func run() async {
        await thread.runAsService { [self] in threadMain() }
    }

    /// Sends one command and returns its reply; an error reply throws ``RedisError/server(_:)`` (or
    /// ``RedisError/accessDenied(_:)`` when the ACL refused it).
    @discardableResult
    public func send(_ arguments: [String]) async throws -> RedisValue {
        let replies = try await pipeline([arguments])
        return replies[0]
    }

    /// Sends several commands in one round trip; throws if any of them answered with an error.
    @discardableResult
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        let deadline = Date().addingTimeInterval(waitForConnection)
        let raw = commands.map(RedisCommand.init)
        let replies = try await withCheckedThrowingContinuation { continuation in
            thread.submit(Request(commands: raw, deadline: deadline, continuation: continuation))
        }
        for reply in replies { if case .error(let message) = reply { throw RedisError.reply(message) } }
        return replies
    }

    /// Connects to `url` once, outside any client, and checks that Redis accepts its credentials (blocking: call it
    /// through `BlockingWork`).
    ///
    /// - Throws: ``RedisError/accessDenied(_:)`` when Redis refuses the login (or a PING by this user);
    ///   ``RedisError/connection(_:)`` when it cannot be reached.
    public static func checkAccess(_ url: RedisURL) throws {
        try HiredisConnection.checkAccess(url)
    }

    /// Finishes the queued commands, closes the connection and ends the thread (for callers that stop the client
    /// themselves; a service group does it through graceful shutdown).
    public func shutdown() async {
        await thread.stop()
    }

    // MARK: - Client thread

    private func threadMain() {
        var backoff: TimeInterval = 0.05
        var connection: HiredisConnection?
        var reconnects = ReconnectCounter(connection: "redis")
        while true {
            let batch = thread.take(upTo: 512, waitingUntil: nil)
            if batch.isEmpty {
                if thread.isDrainedAndStopping { return }
                continue
            }
            if connection == nil {
                do {
                    connection = try HiredisConnection(url: url)
                    backoff = 0.05
                    reconnects.connected()
                } catch RedisError.accessDenied(let why) {
                    // Credentials Redis refuses: waiting cannot help these commands, so they fail at once with the
                    // reason (a stage holds its work as for an outage; a command-line tool stops with it).
                    for request in batch { request.continuation.resume(throwing: RedisError.accessDenied(why)) }
                    recover(from: RedisError.accessDenied(why), backoff: &backoff)
                    continue
                } catch {
                    // Nothing was sent: the batch waits for the next connection (up to its deadline).
                    thread.putBack(batch)
                    recover(from: error, backoff: &backoff)
                    continue
                }
            }
            guard let open = connection else { continue }
            do {
                try execute(batch, on: open)
            } catch {
                // Written but unanswered: the commands may or may not have run, so they fail.
                connection = nil
                for request in batch { request.continuation.resume(throwing: error) }
                recover(from: error, backoff: &backoff)
            }
        }
    }

    /// Logs the failure, fails commands that waited too long and sleeps the backoff.
    private func recover(from error: Error, backoff: inout TimeInterval) {
        if case RedisError.accessDenied = error {
            logger.error("redis refused this client's credentials", metadata: ["redis": "\(url)", "error": "\(error)"])
        } else {
            logger.warning("redis connection failed", metadata: ["redis": "\(url)", "error": "\(error)"])
        }
        thread.expireOverdue()
        thread.pause(until: Date().addingTimeInterval(backoff))
        backoff = min(backoff * 2, 2)
    }

    private func execute(_ batch: [Request], on connection: HiredisConnection) throws {
        let replies = try connection.roundTrip(batch.flatMap(\.commands))
        var offset = 0
        for request in batch {
            let count = request.commands.count
            request.continuation.resume(returning: Array(replies[offset..<offset + count]))
            offset += count
        }
    }
}
