import Models
import Clients
import DreamFrameCore
import Foundation

extension HTTPResponse {
    /// The ``ModelError`` this response means, or nil for 1xx-3xx.
    ///
    /// 408, 429 and 5xx are transient; every other 4xx is permanent. The message holds the status, the redacted
    /// URL and the scrubbed start of the body.
    public var classifiedError: ModelError? {
        guard status >= 400 else { return nil }
        var message = "HTTP \(status) from \(redactedURL)"
        if let retryAfter = headers["Retry-After"] { message += " (Retry-After: \(retryAfter))" }
        if let errorSnippet, !errorSnippet.isEmpty { message += ": \(errorSnippet)" }
        return ModelError.httpStatus(status, message: message)
    }

    /// Returns self when the status is below 400, else throws ``classifiedError``.
    @discardableResult
    public func requireSuccess() throws(ModelError) -> HTTPResponse {
        if let error = classifiedError { throw error }
        return self
    }
}
