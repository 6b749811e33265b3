import Models
import Imaging
import DreamFrameCore
import Foundation

/// Composes a ``FrameScene`` into an unstyled ``RenderCanvas``: location background, then the characters in pose.
public struct FrameComposer: Sendable {
    /// Creates a composer.
    public init() {}

    /// Draws the scene at `width` x `height`; `seed` only nudges the figures' placement.
    public func compose(_ scene: FrameScene, width: Int, height: Int, seed: UInt64) -> RenderCanvas {
        var canvas = RenderCanvas(width: width, height: height)
        let floorY = SceneRenderer(location: scene.location).draw(on: &canvas)
        var rng = SeededGenerator(seed: seed, labels: ["figures"])
        let W = Double(width), H = Double(height)
        let pose = scene.pose
        let people = Array(scene.appearances.prefix(3))
        let unit = H * 0.56
        let jitter = (rng.unit() - 0.5) * W * 0.08
        var xs: [Double]
        switch people.count {
        case 0: return canvas
        case 1: xs = [W * 0.46 + jitter]
        case 2: xs = pose == .hug ? [W * 0.45, W * 0.45 + unit * 0.2] : [W * 0.36 + jitter, W * 0.64 + jitter]
        default: xs = pose == .hug ? [W * 0.42, W * 0.42 + unit * 0.2, W * 0.78] : [W * 0.24, W * 0.5, W * 0.76]
        }
        let actorFacing: Double = people.count > 1 ? 1 : (rng.chance(0.5) ? 1 : -1)
        // Draw others first so the actor's gesture (e.g. a hug) lies on top.
        for idx in stride(from: people.count - 1, through: 0, by: -1) {
            let appearance = FigureAppearance.parsed(people[idx])
            let isActor = idx == 0
            let hugPartner = pose == .hug && idx == 1
            let figurePose: FigurePose = isActor ? pose : (hugPartner ? .hug : (pose == .talk ? .look : .stand))
            let expression = isActor || hugPartner ? scene.expression : .calm
            let facing: Double = isActor ? actorFacing : -1
            // In a hug the actor reaches toward the second figure, the others toward the actor.
            var reach: Double?
            if pose == .hug { reach = isActor ? (xs.count > 1 ? xs[1] : nil) : xs[0] }
            let renderer = FigureRenderer(appearance: appearance, pose: figurePose, expression: expression, facing: facing)
            renderer.draw(on: &canvas, footX: xs[idx], footY: floorY - Double(idx % 2) * H * 0.01, unit: unit, partnerX: reach)
        }
        return canvas
    }
}
