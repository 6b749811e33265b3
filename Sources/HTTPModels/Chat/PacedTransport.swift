import Clients
import Foundation
import Metrics
import Models

/// Sends requests to one model server at the pace it allows: every request waits for one of the client's transfer
/// places, then its turn at the shared ``RateLimiter``, every response's rate-limit headers calibrate it, and a 429
/// holds all callers for its `Retry-After` (or a doubling backoff from 1 s when it names none) and is sent again —
/// a wait, never a failure, until one request has waited ``maxWait`` in all; then it fails as transient. Chat and
/// image backends share it.
///
/// Taking the transfer place first means a request the limiter lets go is sent at once: at most the client's
/// transfers are out when a 429 asks everyone to hold, instead of every caller queued inside the client.
public struct PacedTransport: Sendable {
    /// The HTTP client (its own bound on transfers in flight).
    public let client: HTTPClient
    /// The pace shared by every caller of this server in the process.
    public let limiter: RateLimiter
    /// The longest one request waits out rate limits.
    public let maxWait: Duration
    /// Where calls, waits and errors are counted.
    public let usage: ModelUsageCounter
    /// Where the requests' metrics (``ModelServerMetricNames``) are recorded: the process's bootstrapped metrics
    /// system unless told otherwise.
    public let metricsFactory: any MetricsFactory
    /// One place per transfer of ``client``.
    let transfers: TransferGate

    /// Creates a transport.
    public init(client: HTTPClient, limiter: RateLimiter, maxWait: Duration = .seconds(600),
                usage: ModelUsageCounter = .process, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.client = client
        self.limiter = limiter
        self.maxWait = maxWait
        self.usage = usage
        self.metricsFactory = metricsFactory
        transfers = TransferGate(limit: client.configuration.maxConcurrent)
    }

    /// The first answer to `request` that is not a 429 (any other status is returned as it is).
    ///
    /// - Throws: ``ModelError/transient(_:)`` (prefixed with `label`) when no response came or the server still
    ///   refused after ``maxWait``; `CancellationError` when the caller is cancelled.
    public func send(_ request: HTTPRequest, estimatedTokens: Int, label: String) async throws -> HTTPResponse {
        try await transfers.enter()
        defer { transfers.leave() }
        var waited = Duration.zero
        var backoff = Duration.seconds(1)
        while true {
            try Task.checkCancellation()
            let metrics = ModelMetrics(baseURL: request.url, factory: metricsFactory)
            let queued = try await limiter.acquire(estimatedTokens: estimatedTokens)
            if queued > .milliseconds(50) {
                usage.record { $0.rateLimitWaits += 1; $0.rateLimitWaitSeconds += queued.seconds }
                metrics.rateLimitWait(seconds: queued.seconds)
            }
            usage.record { $0.calls += 1 }
            let started = ContinuousClock.now
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch let error as HTTPClientError {
                usage.record { $0.errors += 1 }
                metrics.request("no_response", seconds: (ContinuousClock.now - started).seconds)
                throw ModelError(error).prefixed(with: label)
            }
            metrics.request(response.status == 429 ? "rate_limited" : response.isSuccess ? "ok" : "http_\(response.status)",
                            seconds: (ContinuousClock.now - started).seconds)
            let limits = RateLimitHeaders(response.headers)
            await limiter.learn(limits)
            guard response.status == 429 else { return response }
            let wait = limits.retryAfter ?? limits.exhaustedFor ?? backoff
            backoff = min(backoff * 2, .seconds(60))
            guard waited + wait <= maxWait else {
                usage.record { $0.errors += 1 }
                throw ModelError.transient("\(label): \(response.classifiedError?.reason ?? "HTTP 429") — still rate limited "
                                           + "after waiting \(Int(waited.seconds)) s")
            }
            usage.record { $0.rateLimitWaits += 1; $0.rateLimitWaitSeconds += wait.seconds }
            metrics.rateLimitWait(seconds: wait.seconds)
            waited += wait
            await limiter.hold(for: wait)
        }
    }
}
