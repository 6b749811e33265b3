import Clients
import DreamFrameCore
import Foundation
import Models

extension ChatEndpoint {
    /// True when a 400 says the server does not take this `response_format` (llama.cpp: "response_format type
    /// must be one of …", vLLM/OpenAI: `param: response_format`, "json_schema is not supported" …).
    static func refusesResponseFormat(_ detail: ChatErrorBody.Detail?, mode: ResponseMode) -> Bool {
        guard mode != .text else { return false }
        if detail?.param == "response_format" { return true }
        let text = (detail?.message ?? "").lowercased()
        return text.contains("response_format") || text.contains("json_schema") || text.contains("json_object")
            || text.contains("response format") || text.contains("structured output")
    }

    /// The overflow a 400/413 means, or nil.
    static func contextOverflow(_ response: HTTPResponse, detail: ChatErrorBody.Detail?) -> ContextOverflow? {
        guard [400, 413, 422].contains(response.status) else { return nil }
        let text = (detail?.message ?? response.errorSnippet ?? "").lowercased()
        let named = detail?.type == "exceed_context_size_error" || detail?.code == "context_length_exceeded"
            || text.contains("context length") || text.contains("context size") || text.contains("context window")
            || text.contains("maximum context") || text.contains("too many tokens")
        guard named else { return nil }
        // OpenAI and vLLM say it in words: "maximum context length is 4096 tokens. However, you requested 5000
        // tokens (4800 in the messages, 200 in the completion)".
        let context = detail?.nCtx ?? number(after: "maximum context length is ", in: text)
        let prompt = detail?.nPromptTokens ?? number(before: " in the messages", in: text)
        return ContextOverflow(promptTokens: prompt, contextTokens: context,
                               message: response.classifiedError?.reason ?? "HTTP \(response.status): context exceeded")
    }

    /// The integer right after `marker` in `text`.
    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The integer right before `marker` in `text`.
    static func number(before marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    /// A permanent or transient error that says what a person can do about it.
    func explain(_ response: HTTPResponse, detail: ChatErrorBody.Detail?, level: String) async throws -> ModelError {
        let base = response.classifiedError ?? .permanent("HTTP \(response.status) from \(response.redactedURL)")
        switch response.status {
        case 401, 403:
            let key = configuration.apiKey == nil
                ? "no API key was sent: put it in the environment variable \(configuration.apiKeyVariable) (or name another with --api-key-env)"
                : "the API key in \(configuration.apiKeyVariable) was refused (wrong, expired, or without access to model '\(configuration.model)')"
            return .permanent("\(level): \(key); \(base.reason)")
        case 404:
            let served = await servedModels()
            let list = served.map { $0.isEmpty ? "it lists no models" : "it serves: " + $0.joined(separator: ", ") }
                ?? "its model list (\(Redaction.url(configuration.baseURL.appendingPathComponent("models")))) did not answer"
            return .permanent("\(level): model '\(configuration.model)' or the API path is unknown at \(Redaction.url(configuration.baseURL)) (--story-model-name, --story-model-url); \(list); \(base.reason)")
        default:
            return base.prefixed(with: level)
        }
    }

    /// The model ids `GET {baseURL}/models` lists, or nil when it does not answer with a list.
    func servedModels() async -> [String]? {
        struct List: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        let request = HTTPRequest(url: configuration.baseURL.appendingPathComponent("models"), headers: headers,
                                  timeout: .seconds(10))
        guard let response = try? await client.send(request), response.isSuccess,
              let list = try? JSONDecoder().decode(List.self, from: response.body) else { return nil }
        return list.data.prefix(20).map { String($0.id.prefix(80)) }
    }
}

extension ModelError {
    /// The message without the class prefix.
    public var reason: String {
        switch self {
        case .transient(let why), .permanent(let why): return why
        }
    }

    /// The same error category with `level` named in front.
    public func prefixed(with level: String) -> ModelError {
        switch self {
        case .transient(let why): return .transient("\(level): \(why)")
        case .permanent(let why): return .permanent("\(level): \(why)")
        }
    }
}
