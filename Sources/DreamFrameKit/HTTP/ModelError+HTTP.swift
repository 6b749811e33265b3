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

    /// Classifies any error thrown while talking to a model server.
    ///
    /// ``ModelError`` passes through; ``HTTPClientError`` maps by ``HTTPClientError/isTransient``; anything else
    /// becomes permanent. Callers should let `CancellationError` propagate instead of classifying it.
    public static func classify(_ error: any Error) -> ModelError {
        switch error {
        case let error as ModelError: return error
        case let error as HTTPClientError: return error.modelError
        default: return .permanent(String(describing: error))
        }
    }
}
