import BuiltInModels
import Foundation
import Models
import Synchronization

/// The built-in image model, keeping every request it was asked to render.
final class RecordingImageModel: ImageModel {
    private let inner = BuiltInImageModel()
    private let seen = Mutex<[RenderRequest]>([])

    /// The requests rendered so far.
    var requests: [RenderRequest] { seen.withLock { $0 } }

    var settings: RenderSettings { inner.settings }

    func render(_ request: RenderRequest) async throws -> Data {
        seen.withLock { $0.append(request) }
        return try await inner.render(request)
    }
}
