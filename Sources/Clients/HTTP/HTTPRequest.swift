import DreamFrameCore
import Foundation

/// One HTTP request for ``HTTPClient``.
///
/// Printing a request (`description`, `debugDescription`, `dump`) shows its redacted URL and header names with
/// credential values masked, never the body.
public struct HTTPRequest: Sendable, Hashable {
    /// The method; `POST` and the other body-carrying methods send ``body``.
    public var method: HTTPMethod
    /// The absolute http(s) URL. Userinfo, if present, is sent as HTTP basic credentials by libcurl.
    public var url: URL
    /// Header fields to send.
    public var headers: HTTPHeaders
    /// The request body, or nil.
    public var body: Data?
    /// The whole transfer's time limit (connect + send + wait + receive); nil uses the client's default.
    public var timeout: Duration?
    /// The connect phase's time limit; nil uses the client's default.
    public var connectTimeout: Duration?

    /// Creates a request.
    public init(method: HTTPMethod = .get, url: URL, headers: HTTPHeaders = [:], body: Data? = nil,
                timeout: Duration? = nil, connectTimeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }

    /// A `POST` of a JSON-encoded value with `Content-Type: application/json`.
    public static func postJSON<T: Encodable>(_ value: T, to url: URL, headers: HTTPHeaders = [:],
                                              timeout: Duration? = nil, connectTimeout: Duration? = nil,
                                              encoder: JSONEncoder = JSONEncoder()) throws -> HTTPRequest {
        var request = HTTPRequest(method: .post, url: url, headers: headers, body: try encoder.encode(value),
                                  timeout: timeout, connectTimeout: connectTimeout)
        request.headers["Content-Type"] = "application/json"
        if request.headers["Accept"] == nil { request.headers["Accept"] = "application/json" }
        return request
    }

    /// The URL with userinfo and query values masked (see ``HTTPRedaction``).
    public var redactedURL: String { Redaction.url(url) }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `METHOD redacted-url`.
    public var description: String { "\(method) \(redactedURL)" }
    /// The method, redacted URL, headers with secrets masked and the body size.
    public var debugDescription: String {
        "\(method) \(redactedURL) [\(headers)] body: \(body?.count ?? 0) bytes"
    }
    /// A mirror without secrets, so `dump()` is safe.
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method.rawValue, "url": redactedURL, "headers": headers.description,
                                "bodyBytes": body?.count ?? 0], displayStyle: .struct)
    }
}
