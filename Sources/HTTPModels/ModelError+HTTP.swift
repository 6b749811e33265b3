import Models
import Clients
import DreamFrameCore
import Foundation

extension ModelError {
    /// True for HTTP statuses a retry can fix: 408, 429 and 5xx.
    public static func isTransient(httpStatus status: Int) -> Bool {
        status == 408 || status == 429 || (500..<600).contains(status)
    }

    /// The error for an HTTP status >= 400 (transient for 408/429/5xx, permanent otherwise), or nil below 400.
    /// `message` must already be free of credentials.
    public static func httpStatus(_ status: Int, message: String) -> ModelError? {
        guard status >= 400 else { return nil }
        return isTransient(httpStatus: status) ? .transient(message) : .permanent(message)
    }

    /// The model error with the same category and message as a transfer that got no response.
    public init(_ error: HTTPClientError) {
        self = error.isTransient ? .transient(error.description) : .permanent(error.description)
    }
}
