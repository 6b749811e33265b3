import DreamFrameCore
import Foundation

/// A learned style bound to the style keyword ("Style Immobilization"): the built-in learner's vector of floats, or
/// the textual-inversion file an external trainer learned (``artifact``).
public struct StyleEmbedding: Codable, Sendable, Hashable {
    /// The style's identity (a hash of learner, keyword, tone, description, seed and reference names), the cache key.
    public var styleId: String
    /// The style keyword the vector is bound to.
    public var keyword: String
    /// The learned vector.
    public var vector: [Float]
    /// Style loss per optimisation step.
    public var lossCurve: [Float]
    /// Which learner produced it, e.g. "builtin-style-v3".
    public var learner: String
    /// The file an external trainer learned (nil for the built-in learner, whose style is ``vector``).
    public var artifact: StyleArtifact?

    /// Creates an embedding.
    public init(styleId: String, keyword: String, vector: [Float], lossCurve: [Float], learner: String,
                artifact: StyleArtifact? = nil) {
        self.styleId = styleId
        self.keyword = keyword
        self.vector = vector
        self.lossCurve = lossCurve
        self.learner = learner
        self.artifact = artifact
    }
}
