import Foundation

/// One chat request as a story level asks it: the conversation, the answer's schema and its token budget.
public struct ChatCall: Sendable, Hashable {
    /// The level asking, for messages ("level 3 (tinystory 2)").
    public var level: String
    /// The schema's name in `response_format` (letters, digits, `_`, `-`).
    public var schemaName: String
    public var messages: [ChatMessage]
    public var schema: JSONSchema
    /// `max_tokens`.
    public var maxTokens: Int
    public var seed: UInt64

    /// Creates a call.
    public init(level: String, schemaName: String, messages: [ChatMessage], schema: JSONSchema, maxTokens: Int,
                seed: UInt64) {
        self.level = level
        self.schemaName = schemaName
        self.messages = messages
        self.schema = schema
        self.maxTokens = maxTokens
        self.seed = seed
    }
}

/// A server's answer to a ``ChatCall``.
public struct ChatAnswer: Sendable, Hashable, Codable {
    /// `choices[0].message.content` ("" when absent).
    public var content: String
    /// `finish_reason`: `stop`, `length` (the budget ran out: the JSON is cut), …
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// The mode the answer was asked in.
    public var mode: String
    /// True when it came from the response cache (not stored).
    public var cached = false

    enum CodingKeys: String, CodingKey { case content, finishReason, promptTokens, completionTokens, mode }

    /// True when the server stopped because the token budget ran out.
    public var wasCut: Bool { finishReason == "length" }
}

/// The server refused a request as longer than its context window (llama.cpp's `exceed_context_size_error`,
/// OpenAI's and vLLM's `context_length_exceeded` / "maximum context length").
public struct ContextOverflow: Error, Sendable, CustomStringConvertible {
    /// The prompt's tokens and the context size, when the server said.
    public var promptTokens: Int?
    public var contextTokens: Int?
    /// The server's own message (credentials scrubbed).
    public var message: String

    public var description: String { message }
}
