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

    /// Renders one keyframe to PNG bytes: on a thread of the renderers' pool, off Swift's cooperative pool (a large
    /// frame takes milliseconds), unless it is a thumbnail of at most ``inlinePixels`` pixels, which is drawn where
    /// the caller runs — at 16x16 a frame takes about 0.1 ms of CPU, less than the two thread hand-offs the pool
    /// costs.
    public func render(_ request: RenderRequest) async throws -> Data {
        if request.width * request.height <= Self.inlinePixels { return try renderPNG(request) }
        return try await BlockingPool.renderers.run { [self] in try renderPNG(request) }
    }

    /// The largest frame (in pixels, 64x64) rendered on the caller's thread.
    public static let inlinePixels = 64 * 64

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
