import DreamFrameCore
import Foundation

/// A transfer that produced no HTTP response. Messages carry the redacted URL only (see ``HTTPRedaction``).
public enum HTTPClientError: ClassifiedError, Sendable, Hashable, CustomStringConvertible {
    /// The total or connect timeout elapsed. Transient.
    case timedOut(url: String, message: String)
    /// The host refused or could not be reached or resolved. Transient.
    case connectionFailed(url: String, message: String)
    /// The connection broke while sending or receiving. Transient.
    case transport(url: String, code: Int, message: String)
    /// The request cannot be sent as built (bad URL, unsupported scheme, option rejected). Permanent.
    case invalidRequest(url: String, message: String)
    /// The body exceeded ``HTTPClient/Configuration/maxResponseBytes``. Permanent.
    case responseTooLarge(url: String, limit: Int)
    /// The client was shut down before the transfer completed. Transient (another client can retry).
    case shutdown

    /// True when retrying later can help.
    public var isTransient: Bool {
        switch self {
        case .timedOut, .connectionFailed, .transport, .shutdown: return true
        case .invalidRequest, .responseTooLarge: return false
        }
    }

    /// Transient or permanent, as ``isTransient`` says.
    public var failureKind: FailureKind { isTransient ? .transient : .permanent }
    /// `http`.
    public var failureClass: String { "http" }

    /// A one-line message with the redacted URL.
    public var description: String {
        switch self {
        case .timedOut(let url, let message): return "timed out: \(url): \(message)"
        case .connectionFailed(let url, let message): return "connection failed: \(url): \(message)"
        case .transport(let url, let code, let message): return "transfer failed (curl \(code)): \(url): \(message)"
        case .invalidRequest(let url, let message): return "invalid request: \(url): \(message)"
        case .responseTooLarge(let url, let limit): return "response larger than \(limit) bytes: \(url)"
        case .shutdown: return "HTTP client shut down"
        }
    }
}

extension HTTPClientError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}
