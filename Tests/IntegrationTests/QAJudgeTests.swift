import Foundation
import Testing
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("LLM-as-judge")
struct QAJudgeTests {
    static func story() -> StoryDocument {
        var story = StoryDocument(character: ["Mara": "a tall woman in a red coat"],
                                  imgDiag: [["frame", "generate an image in Dramatic style: at the harbor, a tall woman in a red coat is holding a lantern, with a calm face"],
                                            ["dialogue", "The ship leaves at dawn."]],
                                  qa: [.init(question: "What is Mara holding at the harbor?", answer: "She is holding a lantern.", type: .what),
                                       .init(question: "What is Mara holding at the harbor at dawn?", answer: "A lantern shaped like a unicorn, at the harbor.", type: .what)],
                                  overview: "Mara waits at the harbor for the ship that leaves at dawn.")
        story.title = "Harbor Lights"
        return story
    }

    @Test("the judge rejects what the model finds unsupported, through the real chat API")
    func judgeOverHTTP() async throws {
        try await ModelStubServer.with { server in
            let model = OpenAIStoryModel(configuration: .init(baseURL: server.url("/v1"), model: "stub", apiKey: "test-key"),
                                         client: HTTPClient())
            let story = Self.story()
            let verdicts = QAValidator(supportThreshold: 0.3, duplicateThreshold: 0.99).validate(story)
            #expect(verdicts.allSatisfy { $0.kept }, "\(verdicts.map(\.reasons))")
            let judged = try #require(try await QAJudge(model: model).judge(verdicts, story: story))
            #expect(judged[0].kept && judged[0].judge != nil)
            #expect(!judged[1].kept && judged[1].reasons == [.judgeRejected])
            let last = try await server.json("/last?kind=chat", client: HTTPClient())
            #expect("\(last)".contains("Harbor Lights"), "the judge prompt carries the movie")
        }
    }

    @Test("with the built-in model the judge is skipped")
    func builtInSkips() async throws {
        let story = Self.story()
        let verdicts = QAValidator(supportThreshold: 0.3, duplicateThreshold: 0.99).validate(story)
        let judged = try await QAJudge(model: BuiltInStoryModel()).judge(verdicts, story: story)
        #expect(judged == nil)
    }
}
