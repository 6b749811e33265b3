import DreamFrameCore
import Foundation

extension HTTPClient {
    /// Settings shared by every request of one client.
    public struct Configuration: Sendable, Hashable {
        /// Transfers in flight at once; further requests wait in FIFO order. At least 1.
        public var maxConcurrent: Int
        /// Total time limit for requests that set none (model calls can be slow: default 300 s).
        public var defaultTimeout: Duration
        /// Connect time limit for requests that set none (default 10 s).
        public var defaultConnectTimeout: Duration
        /// Responses with a larger body fail with ``HTTPClientError/responseTooLarge`` (default 256 MiB).
        public var maxResponseBytes: Int
        /// Follow 3xx redirects (at most 5). Default false.
        public var followRedirects: Bool
        /// The `User-Agent` header sent unless a request sets one.
        public var userAgent: String
        /// The longest the transfer thread sleeps when no socket, command or timer wakes it (default 1 s).
        public var idlePoll: Duration

        /// Creates a configuration.
        public init(maxConcurrent: Int = 16, defaultTimeout: Duration = .seconds(300),
                    defaultConnectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 256 << 20,
                    followRedirects: Bool = false, userAgent: String = "DreamFrame/1.0",
                    idlePoll: Duration = .seconds(1)) {
            self.maxConcurrent = max(1, maxConcurrent)
            self.defaultTimeout = defaultTimeout
            self.defaultConnectTimeout = defaultConnectTimeout
            self.maxResponseBytes = maxResponseBytes
            self.followRedirects = followRedirects
            self.userAgent = userAgent
            self.idlePoll = idlePoll
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (libcurl treats 0 as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow { return Int.max / 2 }
        return max(1, Int(ms.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }
}
