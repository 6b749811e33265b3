import Testing
@testable import HTTPModels

/// The limiter's tokens-per-minute bound (`--model-tpm`): requests are admitted by the tokens they are estimated to
/// use, and what the server reports they used is charged afterwards. Every assertion is a lower bound on the time
/// the limiter made a caller wait (a busy machine only makes the waits longer), or a comparison of two waits.
@Suite("Rate limiter: tokens per minute")
struct RateLimiterTokenTests {
    /// 1,200 tokens a minute: 20 a second, a burst of 20. Requests are not limited (6,000 a minute never binds here).
    static func limiter() -> RateLimiter {
        RateLimiter(limits: .init(requestsPerMinute: 6_000, tokensPerMinute: 1_200))
    }

    /// The total time `limiter` made `count` requests of `tokens` each wait.
    static func waited(_ limiter: RateLimiter, requests count: Int, tokens: Int) async throws -> Duration {
        var waited = Duration.zero
        for _ in 0..<count { waited += try await limiter.acquire(estimatedTokens: tokens) }
        return waited
    }

    @Test("requests are paced by their tokens: 6 of 10 tokens at 20 tokens/s wait ~2 s beyond the burst; 6 of 1 do not")
    func pacedByTokens() async throws {
        // 60 tokens: the burst covers 20, the other 40 come at 20 a second.
        let heavy = try await Self.waited(Self.limiter(), requests: 6, tokens: 10)
        #expect(heavy >= .milliseconds(1_800), "\(heavy)")
        // The same requests at 1 token each fit the burst: the request count alone never held them.
        let light = try await Self.waited(Self.limiter(), requests: 6, tokens: 1)
        #expect(light < heavy / 4, "\(light) vs \(heavy)")
    }

    @Test("tokens the server reports beyond the estimate are charged to the next request")
    func settledUsage() async throws {
        let settled = Self.limiter()
        try await settled.acquire(estimatedTokens: 5)
        // It used 25, not 5: the bucket owes 5 tokens, so the next 5-token request waits for 10 (0.5 s).
        await settled.settle(estimatedTokens: 5, usedTokens: 25)
        let afterOverrun = try await settled.acquire(estimatedTokens: 5)
        #expect(afterOverrun >= .milliseconds(450), "\(afterOverrun)")

        let honest = Self.limiter()
        try await honest.acquire(estimatedTokens: 5)
        await honest.settle(estimatedTokens: 5, usedTokens: 5)
        let afterEstimate = try await honest.acquire(estimatedTokens: 5)
        #expect(afterEstimate < afterOverrun / 4, "\(afterEstimate) vs \(afterOverrun)")
    }

    @Test("a request estimated above the one-second burst waits only for a full bucket; the rest is owed after it")
    func largerThanTheBurst() async throws {
        let limiter = Self.limiter()
        // 40 tokens against a burst of 20: admitted on the full bucket, which it empties.
        try await limiter.acquire(estimatedTokens: 40)
        await limiter.settle(estimatedTokens: 40, usedTokens: 40)
        // The 20 tokens it took beyond the bucket are owed: the next 1-token request waits for 21 (1.05 s).
        let next = try await limiter.acquire(estimatedTokens: 1)
        #expect(next >= .milliseconds(950), "\(next)")
    }

    @Test("a server's x-ratelimit-*-tokens headers pace requests by tokens, with no limit configured")
    func serverTokenHeaders() async throws {
        let limiter = RateLimiter()
        // The server's window: 100 tokens, none left, full again in 1 s — 100 tokens a second from now.
        await limiter.learn(RateLimitHeaders(["x-ratelimit-limit-tokens": "100", "x-ratelimit-remaining-tokens": "0",
                                              "x-ratelimit-reset-tokens": "1s"]))
        let first = try await limiter.acquire(estimatedTokens: 50)
        #expect(first >= .milliseconds(450), "\(first)")
        let second = try await limiter.acquire(estimatedTokens: 50)
        #expect(second >= .milliseconds(450), "\(second)")
    }
}
