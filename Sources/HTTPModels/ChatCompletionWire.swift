import Models
import Clients
import DreamFrameCore
import Foundation

/// One message of an OpenAI-compatible chat conversation.
struct ChatMessage: Codable, Sendable, Hashable {
    var role: String
    var content: String

    static func system(_ text: String) -> ChatMessage { ChatMessage(role: "system", content: text) }
    static func user(_ text: String) -> ChatMessage { ChatMessage(role: "user", content: text) }
    static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: "assistant", content: text) }
}

/// The body of `POST {baseURL}/chat/completions`.
struct ChatCompletionRequest: Encodable, Sendable {
    struct ResponseFormat: Encodable, Sendable { var type = "json_object" }

    var model: String
    var messages: [ChatMessage]
    var temperature: Double
    var seed: Int
    var responseFormat = ResponseFormat()
    var maxTokens: Int?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, seed
        case responseFormat = "response_format"
        case maxTokens = "max_tokens"
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

    var choices: [Choice]
}
