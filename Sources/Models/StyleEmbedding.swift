import DreamFrameCore
import Foundation

/// A learned style: a fixed-size vector of floats bound to the style keyword ("Style Immobilization").
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

    /// Creates an embedding.
    public init(styleId: String, keyword: String, vector: [Float], lossCurve: [Float], learner: String) {
        self.styleId = styleId
        self.keyword = keyword
        self.vector = vector
        self.lossCurve = lossCurve
        self.learner = learner
    }
}
