import Testing
@testable import HTTPModels

/// The limiter's tokens-per-minute bound (`--model-tpm`): requests are admitted by the tokens they are estimated to
/// use, and what the server reports they used is charged afterwards. No assertion depends on when a sleeping task
/// wakes: a bucket of `burst` tokens refilling at `rate` cannot grant more than `burst + rate × t` tokens in `t`, so
/// the time from the limiter's creation to the last grant has a lower bound (a busy machine only lengthens it), and
/// whether a request may go at once is read from the limiter (``RateLimiter/currentWait(estimatedTokens:)``).
@Suite("Rate limiter: tokens per minute")
struct RateLimiterTokenTests {
    /// 1,200 tokens a minute: 20 a second, a burst of 20. Requests are not limited (6,000 a minute never binds here).
    static func limiter() -> RateLimiter {
        RateLimiter(limits: .init(requestsPerMinute: 6_000, tokensPerMinute: 1_200))
    }

    @Test("requests are paced by their tokens: 6 of 10 tokens at 20 tokens/s take ~2 s beyond the burst; 6 of 1 go at once")
    func pacedByTokens() async throws {
        let started = ContinuousClock.now
        let heavy = Self.limiter()
        // 60 tokens: the burst covers 20, the other 40 come at 20 a second.
        for _ in 0..<6 { try await heavy.acquire(estimatedTokens: 10) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(1_950), "\(elapsed)")
        // The same requests at 1 token each fit the burst: the request count alone never holds them.
        let light = Self.limiter()
        for _ in 0..<6 {
            #expect(await light.currentWait(estimatedTokens: 1) == .zero)
            try await light.acquire(estimatedTokens: 1)
        }
    }

    @Test("tokens the server reports beyond the estimate are charged to the next request")
    func settledUsage() async throws {
        let started = ContinuousClock.now
        let settled = Self.limiter()
        try await settled.acquire(estimatedTokens: 5)
        // It used 25, not 5: 30 tokens with the next request's 5, so that one goes 0.5 s after the bucket was full.
        await settled.settle(estimatedTokens: 5, usedTokens: 25)
        try await settled.acquire(estimatedTokens: 5)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(490), "\(elapsed)")

        let honest = Self.limiter()
        try await honest.acquire(estimatedTokens: 5)
        await honest.settle(estimatedTokens: 5, usedTokens: 5)
        #expect(await honest.currentWait(estimatedTokens: 5) == .zero, "used as estimated: 15 tokens left")
    }

    @Test("a request estimated above the one-second burst waits only for a full bucket; the rest is owed after it")
    func largerThanTheBurst() async throws {
        let started = ContinuousClock.now
        let limiter = Self.limiter()
        // 40 tokens against a burst of 20: admitted on the full bucket at once.
        #expect(await limiter.currentWait(estimatedTokens: 40) == .zero)
        try await limiter.acquire(estimatedTokens: 40)
        await limiter.settle(estimatedTokens: 40, usedTokens: 40)
        // 41 tokens in all with the next 1-token request: it goes 1.05 s after the bucket was full.
        try await limiter.acquire(estimatedTokens: 1)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(1_040), "\(elapsed)")
    }

    @Test("a server's x-ratelimit-*-tokens headers pace requests by tokens, with no limit configured")
    func serverTokenHeaders() async throws {
        let limiter = RateLimiter()
        let learned = ContinuousClock.now
        // The server's window: 100 tokens, none left, full again in 1 s — 100 tokens a second from now.
        await limiter.learn(RateLimitHeaders(["x-ratelimit-limit-tokens": "100", "x-ratelimit-remaining-tokens": "0",
                                              "x-ratelimit-reset-tokens": "1s"]))
        try await limiter.acquire(estimatedTokens: 50)
        try await limiter.acquire(estimatedTokens: 50)
        let elapsed = ContinuousClock.now - learned
        #expect(elapsed >= .milliseconds(990), "100 tokens from an empty window at 100 a second: \(elapsed)")
    }
}
