/// One HTTP request as a ``HTTPListener`` hands it to its ``HTTPResponder``: method, target, headers and body,
/// read whole (bounded) before the responder runs.
public struct HTTPInboundRequest: Sendable {
    /// The method as sent (`GET`, `POST`, …).
    public var method: String
    /// The request target: path and query (`/dead?stage=frame-renderer`).
    public var uri: String
    /// The headers in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body (empty for most `GET`s).
    public var body: [UInt8]
    /// The peer's IP address, when known.
    public var remoteAddress: String?

    /// A request (tests build them; the listener reads them off the wire).
    public init(method: String, uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                remoteAddress: String? = nil) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The path without the query (`/dead`).
    public var path: String {
        String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The raw query (after `?`), or "".
    public var query: String {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : ""
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// The answer to an ``HTTPInboundRequest``.
public struct HTTPOutboundResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Headers besides `Content-Length` and `Connection`, which the listener sets.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// An answer with `headers` and a `body` of bytes.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A text answer with `contentType`.
    public init(status: Int, contentType: String, text: String, headers: [String: String] = [:]) {
        self.init(status: status, headers: headers.merging(["Content-Type": contentType]) { own, _ in own },
                  body: Array(text.utf8))
    }
}

/// What answers the requests of an ``HTTPListener``.
public protocol HTTPResponder: Sendable {
    /// The answer to `request`.
    func respond(to request: HTTPInboundRequest) async -> HTTPOutboundResponse
}
