import Models
import Clients
import DreamFrameCore
import Foundation

extension OpenAIStoryModel {
    /// LLM-as-judge over the chat API: asks whether the answer is supported by the movie text, as a JSON object
    /// `{"supported": true|false, "reason": "…"}`.
    public func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? {
        let prompt = """
        You check question-answer pairs written about a movie. Judge ONLY from the movie text below.
        Movie: \(request.title)
        Overview: \(request.overview)
        Movie text:
        \(request.evidence)

        Question: \(request.question)
        Answer: \(request.answer)

        Is the answer correct and supported by the movie text? Reply with a JSON object judging this QA pair:
        {"supported": true or false, "reason": "one short sentence"}
        """
        return try await converse(level: "QA judge", schemaName: "judge", seed: 0, prompt: prompt,
                                  schema: StorySchemas.judge) { content throws(StoryOutputError) in
            let object = try JSONExtraction.object(in: content)
            guard let supported = object["supported"] as? Bool else {
                throw StoryOutputError("field 'supported' must be true or false")
            }
            return JudgeVerdict(supported: supported, reason: (object["reason"] as? String) ?? "")
        }
    }
}
