import Foundation
import Monitoring

/// Who may use the console. On a loopback address no credentials are needed (only this machine's users reach
/// it); anywhere else a token is required — ``check(bind:)`` refuses to start without one — and every request must
/// carry it: `Authorization: Bearer TOKEN`, or HTTP basic auth with the token as the password (any user name), so
/// a browser's login prompt works. Tokens are compared in constant time.
public struct ConsoleAccess: Sendable {
    /// The token every request must carry; nil: none needed (loopback only).
    public let token: String?

    /// The shortest token accepted.
    public static let minimumTokenLength = 16

    /// Access with `token` (nil or empty: none needed, loopback only).
    public init(token: String?) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
            && bare.split(separator: ".").count == 4 && bare.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }

    /// Why the console must not listen on `host` with these credentials, or nil when it may.
    public func check(bind host: String) -> String? {
        if let token, token.utf8.count < Self.minimumTokenLength {
            return "the console token must be at least \(Self.minimumTokenLength) characters"
        }
        guard token == nil, !Self.isLoopback(host) else { return nil }
        return "listening on \(host), which is not a loopback address, needs a token: set DREAMFRAME_CONSOLE_TOKEN (or the variable --token-env names)"
    }

    /// Whether `request` may be answered.
    public func allows(_ request: HTTPInboundRequest) -> Bool {
        guard let token else { return true }
        guard let header = request.header("Authorization") else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return false }
        switch parts[0].lowercased() {
        case "bearer":
            return Self.constantTimeEquals(String(parts[1]).trimmingCharacters(in: .whitespaces), token)
        case "basic":
            guard let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":") else { return false }
            return Self.constantTimeEquals(String(pair[pair.index(after: colon)...]), token)
        default:
            return false
        }
    }

    /// Whether `a` and `b` are equal, taking the same time whatever their bytes: every byte of the longer one is
    /// looked at and differences are OR-ed together (only the length can be learned from the time).
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }

    /// The answer to a request without the token: a basic-auth challenge.
    static let challenge = HTTPOutboundResponse(
        status: 401, contentType: "text/plain; charset=utf-8", text: "the DreamFrame console needs its token\n",
        headers: ["WWW-Authenticate": "Basic realm=\"DreamFrame console\", charset=\"UTF-8\""])
}
