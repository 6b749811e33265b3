import Foundation
import Models

/// An ``Models/ImageModel`` whose renders are counted and timed (``ModelCallMetrics``); images are the base's.
struct MeteredImageModel: ImageModel {
    let base: any ImageModel
    let metrics: ModelCallMetrics

    init(_ base: any ImageModel, backend: String) {
        self.base = base
        metrics = ModelCallMetrics(backend: backend, calls: [.render])
    }

    var settings: RenderSettings { base.settings }

    func render(_ request: RenderRequest) async throws -> Data {
        try await metrics.measure(.render) { try await base.render(request) }
    }
}
