import DreamFrameCore
import Foundation

/// The style learner role: learns one embedding per style.
public protocol StyleLearner: Sendable {
    /// A stable name that becomes part of the style's cache identity.
    var learnerId: String { get }
    /// Learns the embedding for one style.
    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding
}
