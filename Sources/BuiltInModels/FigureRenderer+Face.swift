import Imaging
import Foundation

extension FigureRenderer {
    /// The colour of eyes, pupils and brow shading.
    static let ink = RGBColor(30, 22, 20)
    /// The colour of the mouth.
    static let mouthColor = RGBColor(120, 30, 35)

    /// Hair, face and beard, the eyes and brows, the mouth and a hat, centred on (`cx`, `cy`) with radius `r`.
    func drawHead(on c: inout RenderCanvas, cx: Double, cy: Double, r: Double) {
        let f = facing
        if !appearance.bald {
            c.fill(.ellipse(cx: cx - 0.06 * r * f, cy: cy - 0.12 * r, rx: r * 1.06, ry: r * 1.0), appearance.hair, .structure)
        }
        c.fill(.ellipse(cx: cx + 0.06 * r * f, cy: cy + 0.1 * r, rx: r * 0.9, ry: r * 0.9), appearance.skin, .skin)
        if appearance.beard {
            c.fill(.ellipse(cx: cx + 0.06 * r * f, cy: cy + 0.58 * r, rx: r * 0.72, ry: r * 0.48), appearance.hair, .skin)
        }
        for side in [-1.0, 1.0] {
            drawEye(on: &c, cx: cx, cy: cy, r: r, side: side)
        }
        drawMouth(on: &c, cx: cx, cy: cy, r: r)
        if appearance.hat {
            let hatColor = appearance.clothing.mixed(with: .black, 0.55)
            c.rect(cx - 1.35 * r, cy - 0.78 * r, 2.7 * r, 0.22 * r, hatColor, .structure)
            c.rect(cx - 0.78 * r, cy - 1.62 * r, 1.56 * r, 0.9 * r, hatColor, .structure)
        }
    }

    /// One eye (`side` -1 or +1) with glasses if worn, and its brow set for the expression.
    func drawEye(on c: inout RenderCanvas, cx: Double, cy: Double, r: Double, side s: Double) {
        let f = facing, ink = Self.ink
        let eyeY = cy - 0.02 * r, eyeX = cx + 0.16 * r * f + s * 0.33 * r
        if appearance.glasses {
            c.fill(.circle(cx: eyeX, cy: eyeY, r: 0.27 * r), ink, .skin)
            c.fill(.circle(cx: eyeX, cy: eyeY, r: 0.18 * r), appearance.skin.mixed(with: .white, 0.3), .skin)
        }
        let wide = expression.isWideEyed
        if wide { c.fill(.circle(cx: eyeX, cy: eyeY, r: max(1, 0.15 * r)), .white, .skin) }
        let pupil = max(0.9, (wide ? 0.09 : expression == .tender ? 0.06 : 0.1) * r)
        c.fill(.ellipse(cx: eyeX + 0.04 * r * f, cy: eyeY, rx: pupil, ry: expression == .tender ? pupil * 0.5 : pupil),
               ink, .skin)
        let brow = browShape(side: s)
        let browY = eyeY - 0.32 * r + brow.lift * r
        c.fill(.line(x0: eyeX - s * 0.14 * r, y0: browY + brow.inner * r, x1: eyeX + s * 0.16 * r, y1: browY + brow.outer * r,
                     thickness: max(1, 0.1 * r)), appearance.hair.mixed(with: ink, 0.5), .skin)
    }

    /// A brow's shape in head radii: the inner (toward the nose) and outer ends' offsets from the brow line, and how
    /// far the whole brow is lifted (negative is up).
    func browShape(side: Double) -> (inner: Double, outer: Double, lift: Double) {
        switch expression {
        case .angry: return (0.16, -0.08, 0)
        case .determined: return (0.08, -0.08, 0)
        case .sad, .worried, .fearful: return (-0.14, 0.1, 0)
        case .surprised: return (0, 0, -0.16)
        case .thoughtful: return (0, 0, side > 0 ? -0.14 : 0.02)
        case .happy, .tender: return (0, 0, -0.05)
        case .calm: return (0, 0, 0)
        }
    }

    /// The mouth for the expression, opened while talking unless it is already open.
    func drawMouth(on c: inout RenderCanvas, cx: Double, cy: Double, r: Double) {
        let mx = cx + 0.16 * r * facing, my = cy + 0.48 * r, halfWidth = 0.26 * r
        let color = Self.mouthColor, t = max(1, 0.09 * r)
        // A smile (bend > 0) or a frown (bend < 0) drawn as six short segments of a parabola.
        func curve(_ bend: Double) {
            var previous = (mx - halfWidth, my - bend * r)
            for i in 1...6 {
                let u = Double(i) / 6 * 2 - 1
                let point = (mx + u * halfWidth, my - bend * r * u * u)
                c.fill(.line(x0: previous.0, y0: previous.1, x1: point.0, y1: point.1, thickness: t), color, .skin)
                previous = point
            }
        }
        switch expression {
        case .surprised: c.fill(.ellipse(cx: mx, cy: my + 0.03 * r, rx: 0.13 * r, ry: 0.19 * r), color, .skin)
        case .fearful: c.fill(.ellipse(cx: mx, cy: my + 0.03 * r, rx: 0.22 * r, ry: 0.1 * r), color, .skin)
        case .happy: curve(0.2)
        case .tender: curve(0.12)
        case .sad: curve(-0.18)
        case .worried: curve(-0.09)
        case .angry:
            curve(-0.07)
            c.fill(.line(x0: mx - halfWidth * 0.7, y0: my, x1: mx + halfWidth * 0.7, y1: my, thickness: t * 1.4), color, .skin)
        case .thoughtful:
            c.fill(.line(x0: mx - halfWidth * 0.2, y0: my, x1: mx + halfWidth * 0.8, y1: my - 0.06 * r, thickness: t), color,
                   .skin)
        case .calm, .determined:
            c.fill(.line(x0: mx - halfWidth * 0.8, y0: my, x1: mx + halfWidth * 0.8, y1: my, thickness: t), color, .skin)
        }
        if pose == .talk && !expression.isWideEyed {
            c.fill(.ellipse(cx: mx, cy: my + 0.04 * r, rx: 0.14 * r, ry: 0.1 * r), color, .skin)
        }
    }
}
