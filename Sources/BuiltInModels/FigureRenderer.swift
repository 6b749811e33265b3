import Models
import Imaging
import DreamFrameCore
import Foundation

/// Draws a character from its ``FigureAppearance`` in one of the eight poses with a visible facial expression.
public struct FigureRenderer: Sendable {
    /// The fixed look of the character.
    public var appearance: FigureAppearance
    /// The body pose.
    public var pose: FigurePose
    /// One of ``FrameScene/expressions``.
    public var expression: String
    /// +1 faces right, -1 faces left.
    public var facing: Double

    /// Creates a renderer for one figure.
    public init(appearance: FigureAppearance, pose: FigurePose, expression: String, facing: Double) {
        self.appearance = appearance
        self.pose = pose
        self.expression = expression.lowercased()
        self.facing = facing
    }

    /// Draws the figure standing on (`footX`, `footY`) with nominal height `unit` pixels; `partnerX` is where a hug
    /// reaches.
    public func draw(on c: inout RenderCanvas, footX x: Double, footY: Double, unit: Double, partnerX: Double? = nil) {
        let a = appearance
        let H = unit * a.heightScale
        let r = H * (a.kind == .boy || a.kind == .girl ? 0.105 : 0.085)
        let torsoW = 0.2 * H * a.widthScale
        let legT = max(2, 0.075 * H * a.widthScale.squareRoot())
        let armT = max(2, 0.058 * H * a.widthScale.squareRoot())
        let trousers = a.clothing.mixed(with: .black, 0.5)
        let shoe = RGBColor(35, 30, 28)
        let isDress = a.kind == .woman || a.kind == .girl
        let f = facing

        var hipY = footY - 0.47 * H
        var lean = 0.0
        switch pose {
        case .sit: hipY = footY - 0.27 * H
        case .squat: hipY = footY - 0.2 * H; lean = 0.05 * H * f
        case .hug: lean = 0.04 * H * f
        default: break
        }
        let shoulderY = hipY - 0.33 * H
        let sx = x + lean
        let headX = sx + (pose == .look ? 0.03 * H * f : 0)
        let headY = shoulderY - r * 1.05

        // Props under the body.
        if pose == .sit {
            c.rect(x - 0.2 * H, hipY + 0.02 * H, 0.4 * H, footY - hipY - 0.02 * H, RGBColor(105, 72, 45), .structure)
            c.rect(x - 0.22 * H, hipY, 0.44 * H, 0.05 * H, RGBColor(130, 90, 55), .structure)
        }
        // Long hair behind the head and shoulders.
        if a.longHair && !a.bald {
            c.fill(.ellipse(cx: headX - 0.15 * r * f, cy: headY + 0.6 * r, rx: r * 1.1, ry: r * 1.7), a.hair, .structure)
        }
        // Legs.
        let legColor = isDress ? a.skin.mixed(with: trousers, 0.5) : trousers
        switch pose {
        case .sit:
            let kneeX = x + 0.2 * H * f
            for dx in [-0.03 * H, 0.03 * H] {
                c.fill(.line(x0: x + dx, y0: hipY, x1: kneeX + dx, y1: hipY, thickness: legT), isDress ? a.clothing : trousers, .clothing)
                c.fill(.line(x0: kneeX + dx, y0: hipY, x1: kneeX + dx, y1: footY - legT * 0.3, thickness: legT), legColor, .clothing)
                c.fill(.ellipse(cx: kneeX + dx + 0.03 * H * f, cy: footY - legT * 0.3, rx: legT * 0.8, ry: legT * 0.4), shoe, .clothing)
            }
        case .squat:
            for s in [-1.0, 1.0] {
                let knee = (x + s * 0.15 * H, footY - 0.3 * H)
                c.fill(.line(x0: x + s * 0.04 * H, y0: hipY, x1: knee.0, y1: knee.1, thickness: legT), isDress ? a.clothing : trousers, .clothing)
                c.fill(.line(x0: knee.0, y0: knee.1, x1: x + s * 0.1 * H, y1: footY, thickness: legT), legColor, .clothing)
                c.fill(.ellipse(cx: x + s * 0.1 * H, cy: footY, rx: legT * 0.8, ry: legT * 0.4), shoe, .clothing)
            }
        case .walk:
            for s in [-1.0, 1.0] {
                c.fill(.line(x0: x, y0: hipY, x1: x + s * 0.17 * H, y1: footY, thickness: legT), legColor, .clothing)
                c.fill(.ellipse(cx: x + s * 0.17 * H + 0.02 * H * f, cy: footY, rx: legT * 0.8, ry: legT * 0.4), shoe, .clothing)
            }
        default:
            for s in [-1.0, 1.0] {
                c.fill(.line(x0: x + s * 0.045 * H * a.widthScale, y0: hipY, x1: x + s * 0.05 * H, y1: footY, thickness: legT), legColor, .clothing)
                c.fill(.ellipse(cx: x + s * 0.05 * H + 0.02 * H * f, cy: footY, rx: legT * 0.8, ry: legT * 0.4), shoe, .clothing)
            }
        }
        // Torso (and skirt).
        c.fill(.polygon([(sx - torsoW / 2, shoulderY), (sx + torsoW / 2, shoulderY),
                         (x + torsoW * 0.45, hipY + 0.02 * H), (x - torsoW * 0.45, hipY + 0.02 * H)]), a.clothing, .clothing)
        if isDress && pose != .sit && pose != .squat {
            c.fill(.polygon([(x - torsoW * 0.45, hipY), (x + torsoW * 0.45, hipY),
                             (x + torsoW * 0.85, hipY + 0.27 * H), (x - torsoW * 0.85, hipY + 0.27 * H)]), a.clothing, .clothing)
        }
        c.fill(.line(x0: sx, y0: shoulderY - 0.02 * H, x1: headX, y1: headY + r, thickness: r * 0.7), a.skin, .skin)
        // Head, hair, face.
        drawHead(on: &c, cx: headX, cy: headY, r: r)
        // Arms.
        let shoulderL = (sx - torsoW * 0.45, shoulderY + armT * 0.5), shoulderR = (sx + torsoW * 0.45, shoulderY + armT * 0.5)
        let front = f > 0 ? shoulderR : shoulderL, back = f > 0 ? shoulderL : shoulderR
        func arm(_ s: (Double, Double), _ e: (Double, Double), _ h: (Double, Double)) {
            c.fill(.line(x0: s.0, y0: s.1, x1: e.0, y1: e.1, thickness: armT), a.clothing.scaled(0.9), .clothing)
            c.fill(.line(x0: e.0, y0: e.1, x1: h.0, y1: h.1, thickness: armT), a.clothing.scaled(0.9), .clothing)
            c.fill(.circle(cx: h.0, cy: h.1, r: armT * 0.7), a.skin, .skin)
        }
        switch pose {
        case .stand, .sit:
            arm(front, (front.0 + 0.02 * H * f, shoulderY + 0.17 * H), (front.0 + 0.03 * H * f, hipY + (pose == .sit ? -0.02 * H : 0.02 * H)))
            arm(back, (back.0 - 0.02 * H * f, shoulderY + 0.17 * H), (back.0 - 0.03 * H * f, hipY + 0.02 * H))
        case .walk:
            arm(front, (front.0 + 0.08 * H * f, shoulderY + 0.15 * H), (front.0 + 0.16 * H * f, shoulderY + 0.27 * H))
            arm(back, (back.0 - 0.08 * H * f, shoulderY + 0.15 * H), (back.0 - 0.15 * H * f, shoulderY + 0.26 * H))
        case .squat:
            arm(front, (front.0 + 0.06 * H * f, shoulderY + 0.12 * H), (x + 0.15 * H * f, footY - 0.3 * H))
            arm(back, (back.0 - 0.06 * H * f, shoulderY + 0.12 * H), (x - 0.15 * H * f, footY - 0.3 * H))
        case .look:
            arm(front, (front.0 + 0.12 * H * f, shoulderY + 0.02 * H), (headX + r * 1.0 * f, headY - r * 0.55))
            arm(back, (back.0 - 0.02 * H * f, shoulderY + 0.17 * H), (back.0 - 0.03 * H * f, hipY + 0.02 * H))
        case .talk:
            arm(front, (front.0 + 0.13 * H * f, shoulderY + 0.1 * H), (front.0 + 0.27 * H * f, shoulderY - 0.03 * H))
            arm(back, (back.0 - 0.02 * H * f, shoulderY + 0.17 * H), (back.0 - 0.03 * H * f, hipY + 0.02 * H))
        case .hold:
            let hand = (sx + 0.2 * H * f, shoulderY + 0.2 * H)
            c.rect(hand.0 - 0.07 * H, hand.1 - 0.12 * H, 0.14 * H, 0.13 * H, RGBColor(212, 170, 55), .structure)
            arm(front, (front.0 + 0.06 * H * f, shoulderY + 0.17 * H), (hand.0 + 0.05 * H * f, hand.1 - 0.03 * H))
            arm(back, (back.0 + 0.04 * H * f, shoulderY + 0.17 * H), (hand.0 - 0.06 * H * f, hand.1 - 0.03 * H))
        case .hug:
            let reach = partnerX ?? (sx + 0.25 * H * f)
            arm(front, (front.0 + 0.08 * H * f, shoulderY + 0.1 * H), (reach + 0.06 * H * f, shoulderY + 0.12 * H))
            arm(back, (back.0 + 0.1 * H * f, shoulderY + 0.22 * H), (reach + 0.04 * H * f, shoulderY + 0.24 * H))
        }
    }

    private func drawHead(on c: inout RenderCanvas, cx: Double, cy: Double, r: Double) {
        let a = appearance, f = facing
        if !a.bald {
            c.fill(.ellipse(cx: cx - 0.06 * r * f, cy: cy - 0.12 * r, rx: r * 1.06, ry: r * 1.0), a.hair, .structure)
        }
        c.fill(.ellipse(cx: cx + 0.06 * r * f, cy: cy + 0.1 * r, rx: r * 0.9, ry: r * 0.9), a.skin, .skin)
        if a.beard {
            c.fill(.ellipse(cx: cx + 0.06 * r * f, cy: cy + 0.58 * r, rx: r * 0.72, ry: r * 0.48), a.hair, .skin)
        }
        let ink = RGBColor(30, 22, 20)
        let eyeY = cy - 0.02 * r, ex = cx + 0.16 * r * f
        let wide = expression == "surprised" || expression == "fearful"
        for s in [-1.0, 1.0] {
            let eX = ex + s * 0.33 * r
            if a.glasses {
                c.fill(.circle(cx: eX, cy: eyeY, r: 0.27 * r), ink, .skin)
                c.fill(.circle(cx: eX, cy: eyeY, r: 0.18 * r), a.skin.mixed(with: .white, 0.3), .skin)
            }
            if wide { c.fill(.circle(cx: eX, cy: eyeY, r: max(1, 0.15 * r)), .white, .skin) }
            let er = max(0.9, (wide ? 0.09 : expression == "tender" ? 0.06 : 0.1) * r)
            c.fill(.ellipse(cx: eX + 0.04 * r * f, cy: eyeY, rx: er, ry: expression == "tender" ? er * 0.5 : er), ink, .skin)
            // Brows: (inner y, outer y) offsets relative to the brow line; inner is toward the nose.
            var inner = 0.0, outer = 0.0, lift = 0.0
            switch expression {
            case "angry", "determined": inner = expression == "angry" ? 0.16 : 0.08; outer = -0.08
            case "sad", "worried", "fearful": inner = -0.14; outer = 0.1
            case "surprised": lift = -0.16
            case "thoughtful": lift = s > 0 ? -0.14 : 0.02
            case "happy", "tender": lift = -0.05
            default: break
            }
            let by = eyeY - 0.32 * r + lift * r
            c.fill(.line(x0: eX - s * 0.14 * r, y0: by + inner * r, x1: eX + s * 0.16 * r, y1: by + outer * r,
                         thickness: max(1, 0.1 * r)), a.hair.mixed(with: ink, 0.5), .skin)
        }
        // Mouth.
        let mx = cx + 0.16 * r * f, my = cy + 0.48 * r, hw = 0.26 * r
        let mouthColor = RGBColor(120, 30, 35)
        let t = max(1, 0.09 * r)
        func curve(_ bend: Double) {
            var prev = (mx - hw, my - bend * r)
            for i in 1...6 {
                let u = Double(i) / 6 * 2 - 1
                let p = (mx + u * hw, my - bend * r * u * u)
                c.fill(.line(x0: prev.0, y0: prev.1, x1: p.0, y1: p.1, thickness: t), mouthColor, .skin)
                prev = p
            }
        }
        switch expression {
        case "surprised": c.fill(.ellipse(cx: mx, cy: my + 0.03 * r, rx: 0.13 * r, ry: 0.19 * r), mouthColor, .skin)
        case "fearful": c.fill(.ellipse(cx: mx, cy: my + 0.03 * r, rx: 0.22 * r, ry: 0.1 * r), mouthColor, .skin)
        case "happy": curve(0.2)
        case "tender": curve(0.12)
        case "sad": curve(-0.18)
        case "worried": curve(-0.09)
        case "angry": curve(-0.07); c.fill(.line(x0: mx - hw * 0.7, y0: my, x1: mx + hw * 0.7, y1: my, thickness: t * 1.4), mouthColor, .skin)
        case "thoughtful": c.fill(.line(x0: mx - hw * 0.2, y0: my, x1: mx + hw * 0.8, y1: my - 0.06 * r, thickness: t), mouthColor, .skin)
        default: c.fill(.line(x0: mx - hw * 0.8, y0: my, x1: mx + hw * 0.8, y1: my, thickness: t), mouthColor, .skin)
        }
        if pose == .talk && expression != "surprised" && expression != "fearful" {
            c.fill(.ellipse(cx: mx, cy: my + 0.04 * r, rx: 0.14 * r, ry: 0.1 * r), mouthColor, .skin)
        }
        if a.hat {
            let hatColor = a.clothing.mixed(with: .black, 0.55)
            c.rect(cx - 1.35 * r, cy - 0.78 * r, 2.7 * r, 0.22 * r, hatColor, .structure)
            c.rect(cx - 0.78 * r, cy - 1.62 * r, 1.56 * r, 0.9 * r, hatColor, .structure)
        }
    }
}
