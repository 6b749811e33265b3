import Logging
import ServiceLifecycle

/// The process's metrics port: an ``HTTPListener`` that serves ``MetricsRoutes`` — `/metrics`, `/healthz`,
/// `/readyz` — one request per connection.
///
/// Lifecycle: a `Service`. Put it first in a service group, so it starts before the connections it reports on and
/// stops after them: `/metrics` answers while a stage drains. A port it cannot bind stops it with a
/// ``DreamFrameCore/ConfigurationError`` naming `--metrics-port`.
public final class MetricsEndpoint: Service, Sendable {
    /// Where it listens.
    public var host: String { listener.host }
    /// The port asked for (0: the kernel picks one; ``boundPort()`` says which).
    public var port: Int { listener.port }
    let listener: HTTPListener

    /// An endpoint on `host:port` answering with `routes`.
    public init(host: String, port: Int, routes: MetricsRoutes, logger: Logger) {
        listener = HTTPListener(host: host, port: port, setting: "--metrics-port", maxBodyBytes: 0, responder: routes,
                                logger: logger)
    }

    /// The port it listens on once bound, or nil when binding failed (waits for ``run()`` to get that far).
    public func boundPort() async -> Int? {
        await listener.boundPort()
    }

    /// Serves until a graceful shutdown; throws when the port cannot be bound.
    public func run() async throws {
        try await listener.run()
    }
}
