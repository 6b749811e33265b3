import Models
import Clients
import DreamFrameCore
import Foundation

extension OpenAIStoryModel {
    /// Asks once, validates, and on invalid content asks once more with the error; throws permanent after that.
    func converse<T>(level: String, seed: UInt64, prompt: String,
                     parse: (String) throws(StoryOutputError) -> T) async throws -> T {
        var messages: [ChatMessage] = [.system(Self.systemPrompt), .user(prompt)]
        let first = try await complete(messages, seed: seed, level: level)
        do {
            return try parse(first)
        } catch {
            messages.append(.assistant(first))
            messages.append(.user(Self.repairPrompt(reason: error.reason)))
        }
        let second = try await complete(messages, seed: seed, level: level)
        do {
            return try parse(second)
        } catch {
            throw ModelError.permanent("\(level): invalid model output after one repair attempt: \(error.reason)")
        }
    }

    /// One chat call; returns `choices[0].message.content` ("" when absent, which then fails validation).
    func complete(_ messages: [ChatMessage], seed: UInt64, level: String) async throws -> String {
        let body = ChatCompletionRequest(model: configuration.model, messages: messages,
                                         temperature: configuration.temperature,
                                         seed: Int(seed & UInt64(Int64.max)), maxTokens: configuration.maxTokens)
        var headers = configuration.extraHeaders
        if let apiKey = configuration.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let url = configuration.baseURL.appendingPathComponent("chat/completions")
        let request = try HTTPRequest.postJSON(body, to: url, headers: headers, timeout: configuration.timeout)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as HTTPClientError {
            throw Self.prefixed(ModelError(error), with: level)
        }
        if let error = response.classifiedError { throw Self.prefixed(error, with: level) }
        guard let envelope = try? JSONDecoder().decode(ChatCompletionResponse.self, from: response.body) else {
            throw ModelError.permanent("\(level): \(response) is not a chat completion response")
        }
        guard let choice = envelope.choices.first else {
            throw ModelError.permanent("\(level): chat completion from \(response.redactedURL) has no choices")
        }
        return choice.message?.content ?? ""
    }

    /// The same error category with the level named in front.
    static func prefixed(_ error: ModelError, with level: String) -> ModelError {
        switch error {
        case .transient(let why): return .transient("\(level): \(why)")
        case .permanent(let why): return .permanent("\(level): \(why)")
        }
    }
}
