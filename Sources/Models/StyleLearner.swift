import DreamFrameCore
import Foundation

/// The style learner role: learns one embedding per style.
public protocol StyleLearner: Sendable {
    /// A stable name that becomes part of the style's cache identity: the learner's kind and, for a trainer of a
    /// diffusion model's embeddings, the base model it trains against (`a1111:sd-v1-5`).
    var learnerId: String { get }
    /// True when the learner trains from image files: a movie without reference images gets them rendered from
    /// its style description through the image model first (the paper's reference images).
    var needsReferenceImages: Bool { get }
    /// Learns the embedding for one style.
    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding
    /// Learns the embedding for one style, telling `progress` how it goes (a line now and then: a long training
    /// shows in the stage's log).
    func learnStyle(_ request: StyleRequest, progress: @escaping @Sendable (String) -> Void) async throws -> StyleEmbedding
}

extension StyleLearner {
    /// A learner that synthesizes what it learns from.
    public var needsReferenceImages: Bool { false }

    /// Learns without reporting progress.
    public func learnStyle(_ request: StyleRequest, progress: @escaping @Sendable (String) -> Void) async throws -> StyleEmbedding {
        try await learnStyle(request)
    }
}
