import DreamFrameCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The process's metrics port: an HTTP/1.1 listener (SwiftNIO) that serves ``MetricsRoutes`` — `/metrics`,
/// `/healthz`, `/readyz` — one request per connection.
///
/// Lifecycle: a `Service`. ``run()`` binds `host:port` and serves until a graceful shutdown (or cancellation), then
/// closes the listener and its connections and stops its one event-loop thread. Put it first in a service group, so
/// it starts before the connections it reports on and stops after them: `/metrics` answers while a stage drains.
public final class MetricsEndpoint: Service, Sendable {
    /// Where it listens.
    public let host: String
    /// The port asked for (0: the kernel picks one; ``boundPort()`` says which).
    public let port: Int
    let routes: MetricsRoutes
    let logger: Logger
    private let bound = Mutex<BindState>(.waiting([]))

    private enum BindState {
        case waiting([CheckedContinuation<Int?, Never>])
        case done(Int?)
    }

    /// An endpoint on `host:port` answering with `routes`.
    public init(host: String, port: Int, routes: MetricsRoutes, logger: Logger) {
        self.host = host
        self.port = port
        self.routes = routes
        self.logger = logger
    }

    /// The port it listens on once bound, or nil when binding failed (waits for ``run()`` to get that far).
    public func boundPort() async -> Int? {
        await withCheckedContinuation { continuation in
            let known: Int?? = bound.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return .none
                case .done(let port):
                    return .some(port)
                }
            }
            if case .some(let port) = known { continuation.resume(returning: port) }
        }
    }

    /// Serves until a graceful shutdown; throws when the port cannot be bound (the process should not run blind).
    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await serve(on: group)
            try await group.shutdownGracefully()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func serve(on group: MultiThreadedEventLoopGroup) async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            resolveBind(nil)
            throw ConfigurationError.invalid("--metrics-port", value: "\(host):\(port)",
                                             expected: "a free port this process may listen on (\(error))")
        }
        let actual = server.channel.localAddress?.port ?? port
        resolveBind(actual)
        logger.info("metrics served", metadata: ["url": "http://\(host):\(actual)/metrics"])
        let routes = routes
        do {
            try await cancelWhenGracefulShutdown {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask { await Self.answer(connection, routes: routes) }
                        }
                    }
                }
            }
        } catch where Task.isShuttingDownGracefully || Task.isCancelled {
            // Stopped on purpose: the listener and its connections are closed.
        }
        logger.debug("metrics listener closed")
    }

    private func resolveBind(_ port: Int?) {
        let waiters = bound.withLock { state -> [CheckedContinuation<Int?, Never>] in
            defer { state = .done(port) }
            if case .waiting(let waiters) = state { return waiters }
            return []
        }
        waiters.forEach { $0.resume(returning: port) }
    }

    /// Answers the connection's first request, then closes it; a client that sends nothing is dropped after 10 s.
    static func answer(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                       routes: MetricsRoutes) async {
        let channel = connection.channel
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        try? await connection.executeThenClose { inbound, outbound in
            var request: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let head): request = head
                case .body: continue
                case .end:
                    guard let head = request else { return }
                    try await write(routes.respond(method(of: head), uri: head.uri), version: head.version, to: outbound)
                    return
                }
            }
        }
    }

    static func method(of head: HTTPRequestHead) -> MetricsRoutes.Method {
        switch head.method {
        case .GET: return .get
        case .HEAD: return .head
        default: return .other(head.method.rawValue)
        }
    }

    static func write(_ response: MetricsRoutes.Response, version: HTTPVersion,
                      to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let body = ByteBuffer(string: response.body)
        let headers = HTTPHeaders([("Content-Type", response.contentType), ("Content-Length", "\(body.readableBytes)"),
                                   ("Connection", "close")])
        try await outbound.write(.head(HTTPResponseHead(version: version, status: .init(statusCode: response.status),
                                                        headers: headers)))
        if body.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(body))) }
        try await outbound.write(.end(nil))
    }
}
