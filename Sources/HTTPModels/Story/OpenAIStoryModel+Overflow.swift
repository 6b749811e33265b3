import Foundation
import Models

extension OpenAIStoryModel {
    /// One call. A context overflow is sent once more with a budget that fits what the server said. A prompt that
    /// itself does not fit, when the call is a repair, is sent once more as `withoutSchemaText` (the repair turn
    /// without the schema's text: in json_schema mode the server has the schema in `response_format`, in the weaker
    /// modes the request above still gives the answer's form), its budget fitted the same way. Otherwise, or when
    /// that overflows too, it fails permanently saying how big the request was.
    func ask(_ call: ChatCall, withoutSchemaText: [ChatMessage]? = nil) async throws -> ChatAnswer {
        do {
            return try await endpoint.complete(call)
        } catch let overflow as ContextOverflow {
            if let fitted = Self.withFittingBudget(call, overflow) {
                return try await completeOrExplain(fitted, schemaTextDropped: false)
            }
            guard let withoutSchemaText else { throw Self.overflowError(overflow, level: call.level) }
            var shorter = call
            shorter.messages = withoutSchemaText
            do {
                return try await endpoint.complete(shorter)
            } catch let again as ContextOverflow {
                guard let fitted = Self.withFittingBudget(shorter, again) else {
                    throw Self.overflowError(again, level: call.level, schemaTextDropped: true)
                }
                return try await completeOrExplain(fitted, schemaTextDropped: true)
            }
        }
    }

    /// The answer to `call`, or the permanent error its overflow means.
    private func completeOrExplain(_ call: ChatCall, schemaTextDropped: Bool) async throws -> ChatAnswer {
        do {
            return try await endpoint.complete(call)
        } catch let overflow as ContextOverflow {
            throw Self.overflowError(overflow, level: call.level, schemaTextDropped: schemaTextDropped)
        }
    }

    /// `call` with a `max_tokens` that fits the context beside the prompt, when the server said both sizes, the
    /// prompt leaves room for a useful answer (64 tokens) and the budget asked for was larger; else nil.
    static func withFittingBudget(_ call: ChatCall, _ overflow: ContextOverflow) -> ChatCall? {
        guard let prompt = overflow.promptTokens, let context = overflow.contextTokens, context - prompt >= 64,
              call.maxTokens > context - prompt - 16 else { return nil }
        var smaller = call
        smaller.maxTokens = context - prompt - 16
        return smaller
    }

    static func overflowError(_ overflow: ContextOverflow, level: String, schemaTextDropped: Bool = false) -> ModelError {
        let size = overflow.promptTokens.map { prompt in
            "the prompt takes \(prompt) tokens" + (overflow.contextTokens.map { " of a \($0)-token context" } ?? "")
        } ?? "the request is longer than the server's context"
        let dropped = schemaTextDropped ? " even with the repair turn's schema text left out" : ""
        return .permanent("\(level): \(size)\(dropped): give the server a larger context per request (llama.cpp: a "
                          + "larger -c or fewer -np slots) or use smaller branching; the server said: \(overflow.message)")
    }
}
