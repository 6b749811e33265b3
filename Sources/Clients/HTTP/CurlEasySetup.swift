import DreamFrameCore
import CCurl
import Foundation

/// Builds a configured libcurl easy handle for one transfer (engine thread only).
enum CurlEasySetup {
    /// Creates and configures the easy handle; it is stored in `transfer.easy` (with the header list and error
    /// buffer) as soon as it exists, so `releaseCurlResources` frees everything when a later step throws.
    static func configure(_ transfer: CurlTransfer, configuration: HTTPClient.Configuration) throws
        -> UnsafeMutableRawPointer {
        let request = transfer.request
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPClientError.invalidRequest(url: request.redactedURL, message: "only http and https URLs are supported")
        }
        guard let easy = curl_easy_init() else {
            throw HTTPClientError.invalidRequest(url: request.redactedURL, message: "curl_easy_init failed")
        }
        transfer.easy = easy
        transfer.maxResponseBytes = configuration.maxResponseBytes
        let options = EasyOptions(easy: easy, url: request.redactedURL)
        try setLimits(options, transfer: transfer, configuration: configuration)
        try setMethodAndBody(options, request: request)
        try setHeaders(options, transfer: transfer, configuration: configuration)
        try setCallbacks(options, transfer: transfer)
        return easy
    }

    /// URL, error buffer, timeouts, redirects, compression; no signals (libcurl runs on a thread of ours).
    private static func setLimits(_ options: EasyOptions, transfer: CurlTransfer,
                                  configuration: HTTPClient.Configuration) throws {
        let request = transfer.request
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        transfer.errorBuffer = errorBuffer
        try options.string(CURLOPT_URL, request.url.absoluteString, "URL")
        try options.long(CURLOPT_NOSIGNAL, 1, "NOSIGNAL")
        try options.pointer(CURLOPT_ERRORBUFFER, errorBuffer, "ERRORBUFFER")
        try options.long(CURLOPT_TIMEOUT_MS, (request.timeout ?? configuration.defaultTimeout).curlMilliseconds,
                         "TIMEOUT")
        try options.long(CURLOPT_CONNECTTIMEOUT_MS,
                         (request.connectTimeout ?? configuration.defaultConnectTimeout).curlMilliseconds,
                         "CONNECTTIMEOUT")
        if configuration.followRedirects {
            try options.long(CURLOPT_FOLLOWLOCATION, 1, "FOLLOWLOCATION")
            try options.long(CURLOPT_MAXREDIRS, 5, "MAXREDIRS")
        }
        try options.string(CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING")
    }

    /// Method and body. COPYPOSTFIELDS copies the bytes, so nothing must outlive this call.
    private static func setMethodAndBody(_ options: EasyOptions, request: HTTPRequest) throws {
        switch request.method {
        case .get where request.body == nil:
            try options.long(CURLOPT_HTTPGET, 1, "HTTPGET")
        case .head:
            try options.long(CURLOPT_NOBODY, 1, "NOBODY")
        default:
            if let body = request.body ?? (request.method == .post ? Data() : nil) {
                try options.long(CURLOPT_POSTFIELDSIZE, body.count, "POSTFIELDSIZE")
                try body.withUnsafeBytes { raw in
                    if let base = raw.baseAddress, raw.count > 0 {
                        try options.pointer(CURLOPT_COPYPOSTFIELDS, base, "COPYPOSTFIELDS")
                    } else {
                        try withUnsafePointer(to: CChar(0)) { try options.pointer(CURLOPT_COPYPOSTFIELDS, $0, "COPYPOSTFIELDS") }
                    }
                }
            }
            if request.method != .post {
                try options.string(CURLOPT_CUSTOMREQUEST, request.method.rawValue, "CUSTOMREQUEST")
            }
        }
    }

    /// Header lines; "Expect:" disables 100-continue round trips for large bodies.
    private static func setHeaders(_ options: EasyOptions, transfer: CurlTransfer,
                                   configuration: HTTPClient.Configuration) throws {
        var headers = transfer.request.headers
        if headers["User-Agent"] == nil { headers["User-Agent"] = configuration.userAgent }
        if headers["Expect"] == nil { headers.add(name: "Expect", value: "") }
        for field in headers {
            let line = field.value.isEmpty ? "\(field.name):" : "\(field.name): \(field.value)"
            guard !line.contains("\r"), !line.contains("\n") else {
                throw HTTPClientError.invalidRequest(url: options.url, message: "header \(field.name) contains a line break")
            }
            guard let list = curl_slist_append(transfer.headerList, line) else {
                throw HTTPClientError.invalidRequest(url: options.url, message: "out of memory for header \(field.name)")
            }
            transfer.headerList = list
        }
        try options.pointer(CURLOPT_HTTPHEADER, transfer.headerList, "HTTPHEADER")
    }

    /// Callbacks receive the transfer, which the engine's `active` table keeps alive while the handle runs.
    private static func setCallbacks(_ options: EasyOptions, transfer: CurlTransfer) throws {
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try options.check(df_curl_setopt_write(options.easy, curlWriteCallback), "WRITEFUNCTION")
        try options.pointer(CURLOPT_WRITEDATA, context, "WRITEDATA")
        try options.check(df_curl_setopt_header(options.easy, curlHeaderCallback), "HEADERFUNCTION")
        try options.pointer(CURLOPT_HEADERDATA, context, "HEADERDATA")
    }
}

/// `curl_easy_setopt` calls that throw ``HTTPClientError/invalidRequest(url:message:)`` when libcurl refuses one.
private struct EasyOptions {
    let easy: UnsafeMutableRawPointer
    let url: String

    func long(_ option: CURLoption, _ value: Int, _ what: String) throws {
        try check(df_curl_setopt_long(easy, option, value), what)
    }

    func string(_ option: CURLoption, _ value: String, _ what: String) throws {
        try check(df_curl_setopt_str(easy, option, value), what)
    }

    func pointer(_ option: CURLoption, _ value: UnsafeRawPointer?, _ what: String) throws {
        try check(df_curl_setopt_ptr(easy, option, value), what)
    }

    func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw HTTPClientError.invalidRequest(url: url, message: "\(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// CURLOPT_WRITEFUNCTION: appends body bytes; returning less than given aborts the transfer.
private func curlWriteCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                               _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    if transfer.responseBody.count + length > transfer.maxResponseBytes {
        transfer.overflowed = true
        return 0
    }
    transfer.responseBody.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// CURLOPT_HEADERFUNCTION: collects the last response's header lines (a status line starts a new set).
private func curlHeaderCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                                _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        transfer.responseHeaderLines.removeAll()
    } else if !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        transfer.responseHeaderLines.append(line)
    }
    return length
}
