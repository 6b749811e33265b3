import Foundation
import Models
import Synchronization

/// A learner that trains from image files (``StyleLearner/needsReferenceImages``) and keeps what it was asked.
final class ReferenceLearner: StyleLearner {
    let learnerId = "test-references-v1"
    var needsReferenceImages: Bool { true }
    private let seen = Mutex<[StyleRequest]>([])

    /// The requests learned so far.
    var requests: [StyleRequest] { seen.withLock { $0 } }

    func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        seen.withLock { $0.append(request) }
        return StyleEmbedding(styleId: "", keyword: request.style.keyword, vector: [0.5], lossCurve: [1], learner: learnerId)
    }
}
