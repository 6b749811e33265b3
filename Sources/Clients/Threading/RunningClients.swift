import Foundation
import Logging
import ServiceLifecycle

/// Runs `services` (each client's `run()`) while `body` runs, then shuts them down gracefully in reverse order and
/// waits for each to finish: the helper for commands and tests that are not a `ServiceGroup` themselves.
///
/// ```swift
/// let redis = RedisClient(url: url, logger: logger)
/// let publisher = AMQPPublisher(url: brokerURL, logger: logger)
/// try await withRunningClients([redis, publisher], logger: logger) {
///     try await publisher.publish(messages)      // then the publisher drains its confirms, then Redis closes
/// }
/// ```
///
/// Under the hood a `ServiceGroup` runs the services in a child task; when `body` returns or throws, the group's
/// graceful shutdown stops them last-to-first (so list what others depend on first). A client that a body stops
/// itself (``AMQPConsumer/close()``, ``AMQPPublisher/shutdown()``, …) simply finishes early.
public func withRunningClients<T>(_ services: [any Service], logger: Logger = Logger(label: "dreamframe.clients"),
                                  _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(
        services: services.map { .init(service: $0, successTerminationBehavior: .ignore) }, logger: logger))
    async let running: Void = group.run()
    let result: Result<T, any Error>
    do {
        result = .success(try await body())
    } catch {
        result = .failure(error)
    }
    await group.triggerGracefulShutdown()
    try await running
    return try result.get()
}
