import Foundation

/// How much of a `stub-limited-R` model's rate limit was used, as the stub server itself saw it (`GET /limited`):
/// the server's token bucket lets through at most `burst + perSecond × span` requests in `span` seconds, so the
/// share of `perSecond × span` used by the requests beyond the first burst is the steady utilisation — 1.0 is a
/// client that never leaves the server idle, and it cannot exceed 1.0 whatever the client does.
struct ServerRateLimitUse {
    /// The limit, requests per second.
    let perSecond: Double
    /// The bucket's size: requests the server lets through at once when it has been idle.
    let burst: Double
    /// The server's monotonic time of every request it let through, in order.
    let acceptedAt: [Double]
    /// Requests it refused with 429.
    let refused: Int

    /// The stub's figures for `model`.
    static func read(_ server: ModelStubServer, model: String, client: StubJSONClient) async throws -> ServerRateLimitUse {
        let json = try await server.json("/limited?model=\(model)", client: client)
        return ServerRateLimitUse(perSecond: json["per_second"] as? Double ?? 0, burst: json["burst"] as? Double ?? 0,
                                  acceptedAt: ((json["accepted_at"] as? [Double]) ?? []).sorted(),
                                  refused: json["refused"] as? Int ?? 0)
    }

    /// Requests let through.
    var accepted: Int { acceptedAt.count }

    /// Seconds from the first request let through to the last.
    var span: Double { (acceptedAt.last ?? 0) - (acceptedAt.first ?? 0) }

    /// The requests beyond the initial burst over what the limit allowed in the span (0 when too few to tell).
    var steadyUtilisation: Double {
        guard Double(accepted) > burst, span > 0, perSecond > 0 else { return 0 }
        return (Double(accepted) - burst) / (perSecond * span)
    }

    /// One line for the test log.
    var summary: String {
        String(format: "%d requests let through in %.2f s (%d refused with 429): %.1f%% of %.0f/s beyond the %.0f-request burst",
               accepted, span, refused, steadyUtilisation * 100, perSecond, burst)
    }
}
