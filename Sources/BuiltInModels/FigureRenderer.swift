import Models
import Imaging
import Foundation

/// Draws a character from its ``FigureAppearance`` in one of the eight poses with a visible facial expression.
public struct FigureRenderer: Sendable {
    /// The fixed look of the character.
    public var appearance: FigureAppearance
    /// The body pose.
    public var pose: FigurePose
    /// The face.
    public var expression: FacialExpression
    /// +1 faces right, -1 faces left.
    public var facing: Double

    /// Creates a renderer for one figure.
    public init(appearance: FigureAppearance, pose: FigurePose, expression: FacialExpression, facing: Double) {
        self.appearance = appearance
        self.pose = pose
        self.expression = expression
        self.facing = facing
    }

    /// Draws the figure standing on (`footX`, `footY`) with nominal height `unit` pixels; `partnerX` is where a hug
    /// reaches.
    public func draw(on canvas: inout RenderCanvas, footX: Double, footY: Double, unit: Double, partnerX: Double? = nil) {
        let layout = FigureLayout(appearance: appearance, pose: pose, facing: facing, footX: footX, footY: footY,
                                  unit: unit)
        // Back to front: props under the body, hair behind it, legs, torso, neck, head, then the arms on top.
        if pose == .sit { drawSeat(on: &canvas, layout) }
        if appearance.longHair && !appearance.bald { drawLongHair(on: &canvas, layout) }
        drawLegs(on: &canvas, layout)
        drawTorso(on: &canvas, layout)
        drawHead(on: &canvas, cx: layout.headX, cy: layout.headY, r: layout.headRadius)
        drawArms(on: &canvas, layout, partnerX: partnerX)
    }
}
