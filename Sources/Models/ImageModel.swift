import DreamFrameCore
import Foundation

/// The image model role: renders one keyframe to PNG bytes.
public protocol ImageModel: Sendable {
    /// Renders one keyframe; the bytes are a PNG image of the requested size.
    func render(_ request: RenderRequest) async throws -> Data
}
