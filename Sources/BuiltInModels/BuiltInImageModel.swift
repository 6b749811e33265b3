import Models
import Imaging
import DreamFrameCore
import Foundation

/// The offline, deterministic ``ImageModel``: draws the keyframe's location, characters (by their fixed appearance),
/// pose and expression, then applies the style embedding's palette, texture and line, and returns PNG bytes.
///
/// Output depends only on (prompt, hints, style vector, seed, size).
public struct BuiltInImageModel: ImageModel {
    /// Creates the model; it holds no state.
    public init() {}

    /// The built-in renderer.
    public var settings: RenderSettings { RenderSettings(backend: "builtin") }

    /// Renders one keyframe to PNG bytes.
    /// Renders on a thread of its own, off Swift's cooperative pool (a large frame takes a while).
    public func render(_ request: RenderRequest) async throws -> Data {
        try await BlockingPool.renderers.run { [self] in try renderPNG(request) }
    }

    /// Renders one keyframe to PNG bytes synchronously (what ``render(_:)`` returns).
    public func renderPNG(_ request: RenderRequest) throws -> Data {
        try PNGEncoder().encode(try renderImage(request))
    }

    /// Renders one keyframe to a raster (what ``render(_:)`` encodes).
    public func renderImage(_ request: RenderRequest) throws -> RGBImage {
        guard (1...8192).contains(request.width), (1...8192).contains(request.height) else {
            throw ModelError.permanent("invalid frame size \(request.width)x\(request.height)")
        }
        let scene = request.hints.map(FrameScene.init(hints:)) ?? FrameScene(prompt: request.prompt)
        return renderScene(scene, vector: request.style?.vector ?? [], seed: request.seed,
                           width: request.width, height: request.height)
    }

    /// Renders a parsed scene with a raw style vector.
    public func renderScene(_ scene: FrameScene, vector: [Float], seed: UInt64, width: Int, height: Int) -> RGBImage {
        let canvas = FrameComposer().compose(scene, width: width, height: height, seed: seed)
        return StyleApplier(vector: vector, seed: seed).apply(to: canvas)
    }
}
