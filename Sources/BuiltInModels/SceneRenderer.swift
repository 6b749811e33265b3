import Models
import Imaging
import DreamFrameCore
import Foundation

/// Draws a background recognisable per location: the ``SceneKind`` picks the composition, a stable hash of the
/// name picks palette, time of day, horizon and the placement of buildings, trees, windows and props.
public struct SceneRenderer: Sendable {
    /// The location name as written in the story.
    public var location: String
    /// The composition chosen for it.
    public var kind: SceneKind

    /// Creates the renderer for a location name.
    public init(location: String) {
        self.location = location
        self.kind = SceneKind(location: location)
    }

    /// Fills the whole canvas with the location's background; returns the y of the floor line figures stand on.
    @discardableResult
    public func draw(on c: inout RenderCanvas) -> Double {
        var rng = SeededGenerator(seed: 0, labels: ["scene", location.lowercased()])
        let W = Double(c.width), H = Double(c.height)
        return kind.isIndoor ? drawInterior(&c, &rng, W, H) : drawExterior(&c, &rng, W, H)
    }

    /// One of `base`, its brightness varied by up to ±15%.
    func hueColor(_ rng: inout SeededGenerator, _ base: [RGBColor]) -> RGBColor {
        let b = rng.pick(base)
        return b.scaled(0.85 + 0.3 * rng.unit())
    }
}
