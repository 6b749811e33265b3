import Testing
@testable import HTTPModels

/// What the limiter makes of a server's `x-ratelimit-*` window when it is used up. Assertions are lower bounds on
/// the limiter's waits, or a comparison of two.
@Suite("Rate limiter: the server's exhausted window")
struct RateLimiterWindowTests {
    @Test("a sized window with none left waits for the next request's share; an unsized one holds until it resets")
    func exhaustedWindow() async throws {
        // 10 requests a window, none left, full again in 1 s: a bucket refilling at 10 a second.
        let sized = RateLimiter()
        await sized.learn(RateLimitHeaders(["x-ratelimit-limit-requests": "10", "x-ratelimit-remaining-requests": "0",
                                            "x-ratelimit-reset-requests": "1s"]))
        let next = try await sized.acquire(estimatedTokens: 1)
        #expect(next >= .milliseconds(90), "\(next)")
        // Without the window's size the only safe reading is to wait for the reset.
        let unsized = RateLimiter()
        await unsized.learn(RateLimitHeaders(["x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s"]))
        let held = try await unsized.acquire(estimatedTokens: 1)
        #expect(held >= .milliseconds(950), "\(held)")
        #expect(next < held / 2, "\(next) vs \(held): a refilling bucket is not held until it is full")
    }
}
