import Clients
import Foundation
import HTTPModels
import Imaging
import Models
import Pipeline

/// Every decoder and parser that reads bytes from outside the process, as a fuzz target: whatever the bytes, each
/// either succeeds or throws — never crashes, hangs or allocates without bound. `make fuzz` runs them under
/// libFuzzer; the unit tests replay the kept corpus (`Tests/Fuzz/corpus/<target>/`) through the same functions.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A message off a work queue: the envelope decoder.
    case envelope
    /// A message off a work queue through the whole door: decoded as the runtime decodes it, then checked
    /// (``MessageCheck``) against a fixed run and its movies' state (``DoorScene``), no Redis.
    case door
    /// A PNG reference image or model output.
    case png
    /// A JPEG reference image.
    case jpeg
    /// A story in the authors' format (`dreamframe import`, `dreamframe validate`), validated.
    case story
    /// What an OpenAI-compatible story model writes, through the level 1, 2 and 3 parsers.
    case storyModelOutput = "story-model-output"
    /// An AUTOMATIC1111 or OpenAI images API answer.
    case imageAPIResponse = "image-api-response"
    /// ComfyUI's and AUTOMATIC1111's other answers (queue, refusal, history, embeddings, progress, training) and a
    /// ComfyUI workflow file.
    case imageServerAnswers = "image-server-answers"

    /// Runs one input; errors are the expected outcome for most inputs and are ignored.
    public func run(_ data: Data) {
        switch self {
        case .envelope:
            _ = try? Envelope.decode(data)
        case .door:
            let limits = MessageLimits()
            guard let envelope = try? Envelope.decode(data, maxBytes: limits.maxBodyBytes) else { return }
            _ = DoorScene().check(envelope, limits: limits)
        case .png:
            _ = try? PNGDecoder().decode(data, name: "fuzz.png")
        case .jpeg:
            _ = try? JPEGDecoder().decode(data, name: "fuzz.jpg")
            _ = try? JPEGDecoder().decode(data, maxSide: 64, name: "fuzz.jpg")
        case .story:
            guard let story = try? StoryDocument.decode(data, source: "fuzz") else { return }
            _ = story.frameEntries
            _ = QAValidator().validate(story)
        case .storyModelOutput:
            Self.parseStoryModelOutput(String(decoding: data, as: UTF8.self))
        case .imageAPIResponse:
            _ = try? HTTPImageModel.decodePNG(from: HTTPResponse(status: 200, body: data))
        case .imageServerAnswers:
            ImageServerAnswers.decodeAll(data)
        }
    }

    private static func parseStoryModelOutput(_ content: String) {
        let style = StyleSpec(keyword: "Noir", tone: "dark", description: "high-contrast shadows")
        let characters = [StoryCharacter(name: "Ada", role: .main, appearance: "a tall woman in a red coat")]
        let movie = MovieContext(title: "T", genre: "Drama", style: style, locations: ["harbor", "library"],
                                 characters: characters)
        let qa = QAPair(question: "What happens?", answer: "Something.", type: .what)
        _ = try? OpenAIStoryModel.parsePlot(content, request: PlotRequest(seed: 1, theme: nil, substoryCount: 2))
        _ = try? OpenAIStoryModel.parseMorePlaces(content, slots: 3, known: ["harbor"], needed: 2)
        _ = try? OpenAIStoryModel.parseSubstoryExpansion(content, request: SubstoryRequest(
            seed: 1, movie: movie, substory: Substory(index: 0, scene: ["harbor"], content: "c", qa: qa), tinystoryCount: 2))
        _ = try? OpenAIStoryModel.parseTinystoryExpansion(content, request: TinystoryRequest(
            seed: 1, movie: movie, substoryContent: "c", tinystory: Tinystory(index: 0, location: "harbor", content: "c"),
            keyframeCount: 2))
    }
}
