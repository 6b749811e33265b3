import DreamFrameCore
import Foundation
import ServiceLifecycle

/// An async HTTP client over libcurl's multi interface.
///
/// All transfers of one client run on ONE dedicated `Thread` (never on Swift's cooperative pool): `send` hands the
/// request to that thread and suspends. Up to ``Configuration/maxConcurrent`` transfers are in flight at once; the
/// rest wait in FIFO order. Cancelling the calling task aborts its transfer and throws `CancellationError`.
///
/// Any HTTP status is returned as a response; use ``HTTPResponse/classifiedError`` or
/// ``HTTPResponse/requireSuccess()`` to turn 4xx/5xx into ``ModelError``. Transfers that get no response throw
/// ``HTTPClientError``. Error text never contains credentials (see ``HTTPRedaction``).
///
/// Lifecycle: unlike the broker and Redis clients, the transfer thread starts lazily on the first ``send(_:)``, so a
/// client can be created and used anywhere (model backends make their own). It is also a `Service`: in a service
/// group, ``run()`` starts the thread and a graceful shutdown stops it. The thread stops when the client is
/// deinitialised, ``shutdown()`` is called or the group shuts it down; transfers still running then fail with
/// ``HTTPClientError/shutdown``.
public final class HTTPClient: Service, Sendable {
    /// The settings this client was created with.
    public let configuration: Configuration
    private let engine: CurlEngine

    /// Creates a client; its transfer thread starts with the first request (or ``run()``).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.engine = CurlEngine(configuration: configuration)
    }

    /// Starts the transfer thread (if no request has yet) and returns once a graceful shutdown, task cancellation
    /// or ``shutdown()`` has stopped it.
    public func run() async {
        await withTaskCancellationOrGracefulShutdownHandler {
            await engine.runUntilStopped()
        } onCancelOrGracefulShutdown: { [engine] in
            engine.shutdown()
        }
    }

    deinit { engine.shutdown() }

    /// Sends one request and returns its response (whatever its status).
    ///
    /// - Throws: ``HTTPClientError`` when no response arrived (timeout, refused connection, broken transfer,
    ///   invalid request, client shut down); `CancellationError` when the calling task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                engine.submit(transfer, continuation: continuation)
            }
        } onCancel: {
            engine.cancel(transfer)
        }
    }

    /// Stops the transfer thread; running and queued transfers fail with ``HTTPClientError/shutdown``, later
    /// sends fail at once. Idempotent.
    public func shutdown() { engine.shutdown() }

    /// Transfers queued or running right now (for metrics and tests).
    public var inFlightCount: Int { engine.inFlightCount }
}
