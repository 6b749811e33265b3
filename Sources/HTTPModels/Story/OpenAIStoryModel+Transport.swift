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
        // The repair turn also without the schema's text, for a server whose context it overflows.
        let withoutSchemaText: [ChatMessage]
        if answer.wasCut {
            problem = "the answer was cut off at its budget of \(call.maxTokens) tokens (finish_reason: length)"
            call.maxTokens = min(configuration.maxTokens ?? Int.max, budget * 2)
            call.messages = asked + [.user(Self.cutRepairPrompt(tokens: budget, schema: schema))]
            withoutSchemaText = asked + [.user(Self.cutRepairPrompt(tokens: budget, schema: nil))]
        } else {
            do {
                return try parse(answer.content)
            } catch {
                problem = error.reason
                call.messages = asked + [.user(Self.repairPrompt(reason: error.reason, schema: schema))]
                withoutSchemaText = asked + [.user(Self.repairPrompt(reason: error.reason, schema: nil))]
            }
        }
        answer = try await ask(call, withoutSchemaText: withoutSchemaText)
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
}
