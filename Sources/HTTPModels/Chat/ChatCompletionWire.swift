import Models
import Clients
import DreamFrameCore
import Foundation

/// One message of an OpenAI-compatible chat conversation.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// `system`, `user` or `assistant`.
    public var role: String
    /// The text.
    public var content: String

    static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
    static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: "assistant", content: text) }
}

/// The body of `POST {baseURL}/chat/completions`.
struct ChatCompletionRequest: Encodable, Sendable {
    /// The exact bytes to send: keys sorted (the same request is always the same bytes, so the same cache key),
    /// the schema in its own property order (see ``JSONSchema/canonical``).
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var body = try encoder.encode(self)
        // In the bytes, not a String: Foundation's String search bridges the whole body through NSString.
        if let schema = responseFormat?.jsonSchema?.schema,
           let range = body.range(of: Data(("\"" + JSONSchema.placeholder + "\"").utf8)) {
            body.replaceSubrange(range, with: Data(schema.canonical.utf8))
        }
        return body
    }

    var model: String
    var messages: [ChatMessage]
    var temperature: Double
    var seed: Int
    var responseFormat: ResponseFormat?
    var maxTokens: Int?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, seed
        case responseFormat = "response_format"
        case maxTokens = "max_tokens"
    }
}

/// `response_format` as each mode writes it.
struct ResponseFormat: Encodable, Sendable {
    struct NamedSchema: Encodable, Sendable {
        var name: String
        var strict = true
        var schema: JSONSchema
    }

    var type: String
    var jsonSchema: NamedSchema?

    enum CodingKeys: String, CodingKey {
        case type
        case jsonSchema = "json_schema"
    }
}

/// The part of a chat completion response the story model reads.
struct ChatCompletionResponse: Decodable, Sendable {
    struct Choice: Decodable, Sendable {
        struct Message: Decodable, Sendable { var content: String? }
        var message: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct Usage: Decodable, Sendable {
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    var choices: [Choice]
    var usage: Usage?
}

/// An OpenAI-style error body: `{"error": {"message", "type", "code", …}}` (llama.cpp adds `n_prompt_tokens`
/// and `n_ctx` to a context overflow).
struct ChatErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var message: String?
        var type: String?
        var code: String?
        var param: String?
        var nPromptTokens: Int?
        var nCtx: Int?

        enum CodingKeys: String, CodingKey {
            case message, type, code, param
            case nPromptTokens = "n_prompt_tokens"
            case nCtx = "n_ctx"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decode(String.self, forKey: .message)
            type = try? container.decode(String.self, forKey: .type)
            // `code` is a string at OpenAI and a number at llama.cpp.
            code = (try? container.decode(String.self, forKey: .code)) ?? (try? container.decode(Int.self, forKey: .code)).map(String.init)
            param = try? container.decode(String.self, forKey: .param)
            nPromptTokens = try? container.decode(Int.self, forKey: .nPromptTokens)
            nCtx = try? container.decode(Int.self, forKey: .nCtx)
        }
    }

    var error: Detail?

    /// The error of a response body, if it is one of this shape (`{"detail": "..."}` and plain text are not).
    static func parse(_ body: Data) -> Detail? {
        (try? JSONDecoder().decode(ChatErrorBody.self, from: body))?.error
    }
}
