import Clients
import Foundation

/// What a model server says about its rate limits in a response's headers.
///
/// `Retry-After` (seconds or an HTTP date, RFC 9110), and the OpenAI-style `x-ratelimit-remaining-requests`,
/// `x-ratelimit-reset-requests`, `x-ratelimit-remaining-tokens`, `x-ratelimit-reset-tokens` (durations such as
/// `1s`, `6m0s`, `20ms`, or plain seconds), which vLLM gateways, LiteLLM and OpenAI send.
public struct RateLimitHeaders: Sendable, Hashable {
    /// How long the server asks to wait before the next request.
    public var retryAfter: Duration?
    /// The window's size in requests and tokens (`x-ratelimit-limit-requests`, `-tokens`).
    public var limitRequests: Int?
    public var limitTokens: Int?
    /// Requests left in the current window, and when the window resets.
    public var remainingRequests: Int?
    public var resetRequests: Duration?
    /// Tokens left in the current window, and when it resets.
    public var remainingTokens: Int?
    public var resetTokens: Duration?

    /// Reads the headers of `headers`; absent or unreadable values are nil.
    public init(_ headers: HTTPHeaders, now: Date = Date()) {
        retryAfter = headers["Retry-After"].flatMap { Self.retryAfter($0, now: now) }
        let integer = { (name: String) in headers[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        limitRequests = integer("x-ratelimit-limit-requests")
        limitTokens = integer("x-ratelimit-limit-tokens")
        remainingRequests = integer("x-ratelimit-remaining-requests")
        resetRequests = headers["x-ratelimit-reset-requests"].flatMap(Self.duration)
        remainingTokens = integer("x-ratelimit-remaining-tokens")
        resetTokens = headers["x-ratelimit-reset-tokens"].flatMap(Self.duration)
    }

    /// How long to hold every request to the server: the window's reset when it is used up, else nothing.
    public var exhaustedFor: Duration? {
        var wait: Duration?
        if remainingRequests == 0, let resetRequests { wait = resetRequests }
        if remainingTokens == 0, let resetTokens { wait = max(wait ?? .zero, resetTokens) }
        return wait
    }

    /// `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, at most one hour.
    static func retryAfter(_ text: String, now: Date) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return .milliseconds(Int(min(seconds, 3600) * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(Int(min(max(0, date.timeIntervalSince(now)), 3600) * 1000))
    }

    /// `1s`, `6m0s`, `1h2m3.5s`, `20ms` or plain seconds (`0.5`), at most one hour.
    static func duration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return .milliseconds(Int(min(seconds, 3600) * 1000)) }
        var total = 0.0
        var number = ""
        var index = trimmed.startIndex
        var sawUnit = false
        while index < trimmed.endIndex {
            let character = trimmed[index]
            if character.isNumber || character == "." {
                number.append(character)
                index = trimmed.index(after: index)
                continue
            }
            guard let value = Double(number) else { return nil }
            let rest = trimmed[index...]
            let (unit, scale): (String, Double) = rest.hasPrefix("ms") ? ("ms", 0.001)
                : rest.hasPrefix("h") ? ("h", 3600) : rest.hasPrefix("m") ? ("m", 60) : rest.hasPrefix("s") ? ("s", 1) : ("", 0)
            guard !unit.isEmpty else { return nil }
            total += value * scale
            number = ""
            sawUnit = true
            index = trimmed.index(index, offsetBy: unit.count)
        }
        guard sawUnit, number.isEmpty else { return nil }
        return .milliseconds(Int(min(total, 3600) * 1000))
    }
}
