import Models
import Clients
import DreamFrameCore
import Foundation

extension OpenAIStoryModel {
    /// Asks once and validates; on an invalid or cut answer asks once more (see the type's description).
    func converse<T>(level: String, schemaName: String, seed: UInt64, prompt: String, schema: JSONSchema,
                     parse: (String) throws(StoryOutputError) -> T) async throws -> T {
        let budget = min(configuration.maxTokens ?? Int.max, schema.tokenBound)
        let asked: [ChatMessage] = [.system(Self.systemPrompt), .user(prompt)]
        var call = ChatCall(level: level, schemaName: schemaName, messages: asked, schema: schema, maxTokens: budget,
                            seed: seed)
        var answer = try await ask(call)
        var problem: String
        if answer.wasCut {
            problem = "the answer was cut off at its budget of \(call.maxTokens) tokens (finish_reason: length)"
            call.maxTokens = min(configuration.maxTokens ?? Int.max, budget * 2)
            call.messages = asked + [.user(Self.cutRepairPrompt(tokens: budget, schema: schema))]
        } else {
            do {
                return try parse(answer.content)
            } catch {
                problem = error.reason
                call.messages = asked + [.user(Self.repairPrompt(reason: error.reason, schema: schema))]
            }
        }
        answer = try await ask(call)
        if answer.wasCut {
            throw ModelError.permanent("\(level): \(problem); the repair was cut off too, at \(call.maxTokens) tokens "
                                       + "(raise --model-max-tokens or the server's context, or use smaller branching)")
        }
        do {
            return try parse(answer.content)
        } catch {
            throw ModelError.permanent("\(level): invalid model output after one repair attempt: \(error.reason) "
                                       + "(first answer: \(problem))")
        }
    }

    /// One call; a context overflow is sent once more with a budget that fits what the server said, else fails
    /// permanently saying how big the request was.
    func ask(_ call: ChatCall) async throws -> ChatAnswer {
        do {
            return try await endpoint.complete(call)
        } catch let overflow as ContextOverflow {
            if let prompt = overflow.promptTokens, let context = overflow.contextTokens, context - prompt >= 64,
               call.maxTokens > context - prompt - 16 {
                var smaller = call
                smaller.maxTokens = context - prompt - 16
                do {
                    return try await endpoint.complete(smaller)
                } catch let again as ContextOverflow {
                    throw Self.overflowError(again, level: call.level)
                }
            }
            throw Self.overflowError(overflow, level: call.level)
        }
    }

    static func overflowError(_ overflow: ContextOverflow, level: String) -> ModelError {
        let size = overflow.promptTokens.map { prompt in
            "the prompt takes \(prompt) tokens" + (overflow.contextTokens.map { " of a \($0)-token context" } ?? "")
        } ?? "the request is longer than the server's context"
        return .permanent("\(level): \(size): give the server a larger context per request (llama.cpp: a larger -c "
                          + "or fewer -np slots) or use smaller branching; the server said: \(overflow.message)")
    }
}
