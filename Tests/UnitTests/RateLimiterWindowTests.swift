import Testing
@testable import HTTPModels

/// What the limiter makes of a server's `x-ratelimit-*` window when it is used up, read from the limiter's own wait
/// (``RateLimiter/currentWait(estimatedTokens:)``: it only shrinks as time passes, so the bounds hold on any machine).
@Suite("Rate limiter: the server's exhausted window")
struct RateLimiterWindowTests {
    @Test("a sized window with none left waits for the next request's share; an unsized one holds until it resets")
    func exhaustedWindow() async throws {
        // 600 requests a window, none left, full again in 60 s: a bucket refilling at 10 a second.
        let sized = RateLimiter()
        await sized.learn(RateLimitHeaders(["x-ratelimit-limit-requests": "600", "x-ratelimit-remaining-requests": "0",
                                            "x-ratelimit-reset-requests": "60s"]))
        let next = await sized.currentWait(estimatedTokens: 1)
        #expect(next <= .milliseconds(100), "one request's share at 10/s: \(next)")
        // Without the window's size the only safe reading is to wait for the reset.
        let unsized = RateLimiter()
        await unsized.learn(RateLimitHeaders(["x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "60s"]))
        let held = await unsized.currentWait(estimatedTokens: 1)
        #expect(held >= .seconds(50), "held until the reset: \(held)")
    }
}
