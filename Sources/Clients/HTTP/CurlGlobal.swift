import DreamFrameCore
import CCurl

/// `curl_global_init` exactly once per process (Swift's lazy statics are initialised thread-safely).
enum CurlGlobal {
    /// The result of the one `curl_global_init(CURL_GLOBAL_ALL)` call.
    static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Runs the global init if it has not run yet; true when libcurl is usable.
    static func ensureInitialized() -> Bool { initResult == CURLE_OK }
}
