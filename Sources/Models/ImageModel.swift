import DreamFrameCore
import Foundation

/// The image model role: renders one keyframe to PNG bytes.
public protocol ImageModel: Sendable {
    /// Renders one keyframe; the bytes are a PNG image of the requested size.
    func render(_ request: RenderRequest) async throws -> Data
    /// How it renders (recorded with a run's dataset).
    var settings: RenderSettings { get }
}

extension ImageModel {
    /// A model that says nothing of how it renders.
    public var settings: RenderSettings { RenderSettings(backend: String(describing: Self.self)) }
}
