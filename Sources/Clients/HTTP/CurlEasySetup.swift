import DreamFrameCore
import CCurl
import Foundation

/// Builds a configured libcurl easy handle for one transfer (engine thread only).
enum CurlEasySetup {
    /// Creates and configures the easy handle; on success it is stored in `transfer.easy`.
    static func configure(_ transfer: CurlTransfer, configuration: HTTPClient.Configuration) throws
        -> UnsafeMutableRawPointer {
        let request = transfer.request
        let url = request.redactedURL
        guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw HTTPClientError.invalidRequest(url: url, message: "only http and https URLs are supported")
        }
        guard let easy = curl_easy_init() else {
            throw HTTPClientError.invalidRequest(url: url, message: "curl_easy_init failed")
        }
        transfer.easy = easy
        transfer.maxResponseBytes = configuration.maxResponseBytes
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        transfer.errorBuffer = errorBuffer

        func check(_ code: CURLcode, _ what: String) throws {
            guard code == CURLE_OK else {
                throw HTTPClientError.invalidRequest(url: url, message: "\(what): \(String(cString: curl_easy_strerror(code)))")
            }
        }

        try check(df_curl_setopt_str(easy, CURLOPT_URL, request.url.absoluteString), "URL")
        try check(df_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try check(df_curl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
        try check(df_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS,
                                      (request.timeout ?? configuration.defaultTimeout).curlMilliseconds), "TIMEOUT")
        try check(df_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS,
                                      (request.connectTimeout ?? configuration.defaultConnectTimeout).curlMilliseconds),
                  "CONNECTTIMEOUT")
        if configuration.followRedirects {
            try check(df_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1), "FOLLOWLOCATION")
            try check(df_curl_setopt_long(easy, CURLOPT_MAXREDIRS, 5), "MAXREDIRS")
        }
        try check(df_curl_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")

        // Method and body. COPYPOSTFIELDS copies the bytes, so nothing must outlive this call.
        switch request.method {
        case .get where request.body == nil:
            try check(df_curl_setopt_long(easy, CURLOPT_HTTPGET, 1), "HTTPGET")
        case .head:
            try check(df_curl_setopt_long(easy, CURLOPT_NOBODY, 1), "NOBODY")
        default:
            if let body = request.body ?? (request.method == .post ? Data() : nil) {
                try check(df_curl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count), "POSTFIELDSIZE")
                try body.withUnsafeBytes { raw in
                    let empty: CChar = 0
                    if let base = raw.baseAddress, raw.count > 0 {
                        try check(df_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, base), "COPYPOSTFIELDS")
                    } else {
                        try withUnsafePointer(to: empty) {
                            try check(df_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0), "COPYPOSTFIELDS")
                        }
                    }
                }
            }
            if request.method != .post {
                try check(df_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue), "CUSTOMREQUEST")
            }
        }

        // Headers; "Expect:" disables 100-continue round trips for large bodies.
        var list: UnsafeMutablePointer<curl_slist>?
        var headers = request.headers
        if headers["User-Agent"] == nil { headers["User-Agent"] = configuration.userAgent }
        if headers["Expect"] == nil { headers.add(name: "Expect", value: "") }
        for field in headers {
            let line = field.value.isEmpty ? "\(field.name):" : "\(field.name): \(field.value)"
            guard !line.contains("\r"), !line.contains("\n") else {
                if let list { curl_slist_free_all(list) }
                throw HTTPClientError.invalidRequest(url: url, message: "header \(field.name) contains a line break")
            }
            list = curl_slist_append(list, line)
        }
        transfer.headerList = list
        try check(df_curl_setopt_ptr(easy, CURLOPT_HTTPHEADER, list), "HTTPHEADER")

        // Callbacks receive the transfer, which the engine's `active` table keeps alive while the handle runs.
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try check(df_curl_setopt_write(easy, curlWriteCallback), "WRITEFUNCTION")
        try check(df_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(df_curl_setopt_header(easy, curlHeaderCallback), "HEADERFUNCTION")
        try check(df_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, context), "HEADERDATA")
        return easy
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
