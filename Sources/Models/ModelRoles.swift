import DreamFrameCore
import Foundation

/// The text model role: answers the paper's three expansion contracts.
///
/// The built-in implementation is deterministic by seed; the HTTP implementation sends the same requests to an
/// OpenAI-compatible chat API.
public protocol StoryModel: Sendable {
    /// Level 1: the movie prior and its substories.
    func writePlot(_ request: PlotRequest) async throws -> MoviePlot
    /// Level 2: one substory into tinystories.
    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion
    /// Level 3: one tinystory into keyframes, dialogue and QA.
    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion
    /// LLM-as-judge: whether a QA pair is supported by the movie; nil when the model does not judge.
    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict?
}

/// A learned style: a fixed-size vector of floats bound to the style keyword ("Style Immobilization").
public struct StyleEmbedding: Codable, Sendable, Hashable {
    /// The style's identity (see ``StyleRequest/identity``), the cache key.
    public var styleId: String
    public var keyword: String
    public var vector: [Float]
    /// Style loss per optimisation step.
    public var lossCurve: [Float]
    /// Which learner produced it, e.g. "builtin-gram-v1".
    public var learner: String

    public init(styleId: String, keyword: String, vector: [Float], lossCurve: [Float], learner: String) {
        self.styleId = styleId
        self.keyword = keyword
        self.vector = vector
        self.lossCurve = lossCurve
        self.learner = learner
    }
}

/// What a style learner is asked to learn.
public struct StyleRequest: Codable, Sendable, Hashable {
    public var style: StyleSpec
    /// Reference images (PNG or JPEG); empty means the learner renders its own from the description.
    public var referenceImages: [String]
    public var seed: UInt64

    public init(style: StyleSpec, referenceImages: [String], seed: UInt64) {
        self.style = style
        self.referenceImages = referenceImages
        self.seed = seed
    }
}

/// The style learner role: learns one embedding per style.
public protocol StyleLearner: Sendable {
    /// A stable name that becomes part of the style's cache identity.
    var learnerId: String { get }
    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding
}

/// Structured facts about a frame, for renderers that can use them; text-only renderers read ``RenderRequest/prompt``.
public struct SceneHints: Codable, Sendable, Hashable {
    public var location: String
    /// The characters in frame with their fixed appearances, in order (the first one acts).
    public var characters: [StoryCharacter]
    public var verb: String
    public var expression: String

    public init(location: String, characters: [StoryCharacter], verb: String, expression: String) {
        self.location = location
        self.characters = characters
        self.verb = verb
        self.expression = expression
    }
}

/// One keyframe to render.
public struct RenderRequest: Codable, Sendable, Hashable {
    /// The keyframe description (the paper's prompt form).
    public var prompt: String
    public var hints: SceneHints?
    public var style: StyleEmbedding
    public var seed: UInt64
    public var width: Int
    public var height: Int

    public init(prompt: String, hints: SceneHints?, style: StyleEmbedding, seed: UInt64, width: Int, height: Int) {
        self.prompt = prompt
        self.hints = hints
        self.style = style
        self.seed = seed
        self.width = width
        self.height = height
    }
}

/// The image model role: renders one keyframe to PNG bytes.
public protocol ImageModel: Sendable {
    func render(_ request: RenderRequest) async throws -> Data
}
