import DreamFrameCore
import Foundation

/// A completed HTTP exchange: any status code is a response (see ``classifiedError`` for what counts as failure).
public struct HTTPResponse: Sendable, Hashable {
    /// The final status code (after any redirects the client followed).
    public var status: Int
    /// The final response's header fields.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: Data
    /// The request URL with credentials masked, for messages.
    public var redactedURL: String
    /// For status >= 400: the start of the body with the request's credentials scrubbed out, for messages.
    public var errorSnippet: String?

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), redactedURL: String = "",
                errorSnippet: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.redactedURL = redactedURL
        self.errorSnippet = errorSnippet
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}

extension HTTPResponse: CustomStringConvertible {
    /// `HTTP <status> from <redacted url> (<n> bytes)`.
    public var description: String { "HTTP \(status) from \(redactedURL) (\(body.count) bytes)" }
}
