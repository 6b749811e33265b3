import DreamFrameCore
import CCurl
import Foundation

/// One request's state. `continuation`, `cancelled` and `started` are guarded by ``CurlCompletions``; the libcurl
/// fields are touched only by the engine's thread.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    /// Secrets to scrub from free text about this request.
    let secrets: [String]

    // Guarded by CurlCompletions.
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    var cancelled = false
    var started = false

    // Engine thread only.
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var errorBuffer: UnsafeMutablePointer<CChar>?
    var responseBody = Data()
    var responseHeaderLines: [String] = []
    var maxResponseBytes = Int.max
    var overflowed = false

    init(request: HTTPRequest) {
        self.request = request
        self.secrets = HTTPRedaction.secrets(of: request)
    }

    /// Frees the libcurl resources (the easy handle must already be out of the multi handle).
    func releaseCurlResources() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        errorBuffer?.deallocate()
        errorBuffer = nil
    }

    /// Builds the response from what the callbacks collected.
    func makeResponse(status: Int) -> HTTPResponse {
        var headers = HTTPHeaders()
        for line in responseHeaderLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers.add(name: name, value: value)
        }
        var snippet: String?
        if status >= 400 {
            let text = String(decoding: responseBody.prefix(400), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            snippet = Redaction.scrub(text, secrets: secrets)
        }
        return HTTPResponse(status: status, headers: headers, body: responseBody, redactedURL: request.redactedURL,
                            errorSnippet: snippet)
    }

    /// Maps a libcurl failure code to an error with a scrubbed message.
    func makeError(code: CURLcode) -> HTTPClientError {
        let url = request.redactedURL
        if overflowed { return .responseTooLarge(url: url, limit: maxResponseBytes) }
        var detail = String(cString: curl_easy_strerror(code))
        if let errorBuffer, errorBuffer.pointee != 0 {
            detail = Redaction.scrub(String(cString: errorBuffer), secrets: secrets)
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, message: detail)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectionFailed(url: url, message: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT,
             CURLE_NOT_BUILT_IN, CURLE_UNKNOWN_OPTION:
            return .invalidRequest(url: url, message: detail)
        default:
            return .transport(url: url, code: Int(code.rawValue), message: detail)
        }
    }
}
