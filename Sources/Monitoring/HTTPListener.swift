import DreamFrameCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A small HTTP/1.1 server (SwiftNIO's codec, no web framework): every connection gets one request, read whole (a
/// body of at most ``maxBodyBytes``), answered by an ``HTTPResponder``, then closed. The metrics port and the web
/// console both run on it.
///
/// Lifecycle: a `Service`. ``run()`` binds `host:port` and serves until a graceful shutdown (or cancellation), then
/// closes the listener and its connections and stops its one event-loop thread.
public final class HTTPListener: Service, Sendable {
    /// Where it listens.
    public let host: String
    /// The port asked for (0: the kernel picks one; ``boundPort()`` says which).
    public let port: Int
    /// The setting named when the port cannot be bound (`--metrics-port`, `--port`).
    public let setting: String
    /// The largest request body read; a longer one is answered 413.
    public let maxBodyBytes: Int
    /// How long a client has to send its whole request before the connection is closed.
    public let requestTimeout: Duration
    let responder: any HTTPResponder
    let logger: Logger
    private let bound = Mutex<BindState>(.waiting([]))

    private enum BindState {
        case waiting([CheckedContinuation<Int?, Never>])
        case done(Int?)
    }

    /// A listener on `host:port` answering with `responder`.
    public init(host: String, port: Int, setting: String, maxBodyBytes: Int = 64 * 1024,
                requestTimeout: Duration = .seconds(10), responder: any HTTPResponder, logger: Logger) {
        self.host = host
        self.port = port
        self.setting = setting
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.responder = responder
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

    /// Serves until a graceful shutdown; throws a ``ConfigurationError`` naming ``setting`` when the port cannot be
    /// bound (the process should not run blind).
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

    /// An accepted connection and the timer that closes it unless its whole request arrives in time (started on
    /// the event loop as the connection is accepted, however busy the tasks that answer are).
    struct Accepted: Sendable {
        let connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
        let timeout: Scheduled<Void>
    }

    private func serve(on group: MultiThreadedEventLoopGroup) async throws {
        let server: NIOAsyncChannel<Accepted, Never>
        let limit = TimeAmount.nanoseconds(requestTimeout.nanoseconds)
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                        let timeout = channel.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
                        return Accepted(connection: try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel), timeout: timeout)
                    }
                }
        } catch {
            resolveBind(nil)
            throw ConfigurationError.invalid(setting, value: "\(host):\(port)",
                                             expected: "a free port this process may listen on (\(error))")
        }
        let actual = server.channel.localAddress?.port ?? port
        resolveBind(actual)
        logger.info("listening", metadata: ["url": "http://\(host.contains(":") ? "[\(host)]" : host):\(actual)/"])
        let responder = responder, bodyLimit = maxBodyBytes
        do {
            try await cancelWhenGracefulShutdown {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await accepted in connections {
                            group.addTask { await Self.answer(accepted, responder: responder, maxBodyBytes: bodyLimit) }
                        }
                    }
                }
            }
        } catch where Task.isShuttingDownGracefully || Task.isCancelled {
            // Stopped on purpose: the listener and its connections are closed.
        }
        logger.debug("listener closed")
    }

    private func resolveBind(_ port: Int?) {
        let waiters = bound.withLock { state -> [CheckedContinuation<Int?, Never>] in
            defer { state = .done(port) }
            if case .waiting(let waiters) = state { return waiters }
            return []
        }
        waiters.forEach { $0.resume(returning: port) }
    }

    /// Answers the connection's first request, then closes it; a client that has not sent a whole request within
    /// the request timeout is dropped (the responder itself has no time limit).
    static func answer(_ accepted: Accepted, responder: any HTTPResponder, maxBodyBytes: Int) async {
        let connection = accepted.connection, timeout = accepted.timeout
        let channel = connection.channel
        defer { timeout.cancel() }
        let remote = channel.remoteAddress?.ipAddress
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let received): head = received
                case .body(var buffer):
                    if body.count + buffer.readableBytes > maxBodyBytes { tooLarge = true; continue }
                    body += buffer.readBytes(length: buffer.readableBytes) ?? []
                case .end:
                    guard let head else { return }
                    // The whole request arrived: the responder may take its time (a console replay of many letters).
                    timeout.cancel()
                    let response: HTTPOutboundResponse
                    if tooLarge {
                        response = HTTPOutboundResponse(status: 413, contentType: "text/plain; charset=utf-8",
                                                        text: "request body over \(maxBodyBytes) bytes\n")
                    } else {
                        let request = HTTPInboundRequest(method: head.method.rawValue, uri: head.uri,
                                                         headers: head.headers.map { ($0.name, $0.value) },
                                                         body: body, remoteAddress: remote)
                        response = await responder.respond(to: request)
                    }
                    try await write(response, head: head, to: outbound)
                    return
                }
            }
        }
    }

    static func write(_ response: HTTPOutboundResponse, head request: HTTPRequestHead,
                      to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let body = request.method == .HEAD ? ByteBuffer() : ByteBuffer(bytes: response.body)
        var headers = HTTPHeaders(response.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: "\(response.body.count)")
        headers.replaceOrAdd(name: "Connection", value: "close")
        try await outbound.write(.head(HTTPResponseHead(version: request.version,
                                                        status: .init(statusCode: response.status), headers: headers)))
        if body.readableBytes > 0 { try await outbound.write(.body(.byteBuffer(body))) }
        try await outbound.write(.end(nil))
    }
}
