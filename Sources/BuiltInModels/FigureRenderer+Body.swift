import Imaging
import Foundation

extension FigureRenderer {
    /// A bench under a sitting figure.
    func drawSeat(on c: inout RenderCanvas, _ l: FigureLayout) {
        let x = l.footX, H = l.height
        c.rect(x - 0.2 * H, l.hipY + 0.02 * H, 0.4 * H, l.footY - l.hipY - 0.02 * H, RGBColor(105, 72, 45), .structure)
        c.rect(x - 0.22 * H, l.hipY, 0.44 * H, 0.05 * H, RGBColor(130, 90, 55), .structure)
    }

    /// Long hair, drawn behind the head and shoulders.
    func drawLongHair(on c: inout RenderCanvas, _ l: FigureLayout) {
        let r = l.headRadius
        c.fill(.ellipse(cx: l.headX - 0.15 * r * l.facing, cy: l.headY + 0.6 * r, rx: r * 1.1, ry: r * 1.7),
               appearance.hair, .structure)
    }

    /// Both legs with shoes, bent for the pose; under a dress the shins show skin-toned stockings.
    func drawLegs(on c: inout RenderCanvas, _ l: FigureLayout) {
        let x = l.footX, footY = l.footY, hipY = l.hipY, H = l.height, f = l.facing, legT = l.legThickness
        let trousers = appearance.clothing.mixed(with: .black, 0.5)
        let thigh = appearance.wearsDress ? appearance.clothing : trousers
        let shin = appearance.wearsDress ? appearance.skin.mixed(with: trousers, 0.5) : trousers
        func shoe(_ cx: Double, _ cy: Double) {
            c.fill(.ellipse(cx: cx, cy: cy, rx: legT * 0.8, ry: legT * 0.4), RGBColor(35, 30, 28), .clothing)
        }
        switch pose {
        case .sit:
            let kneeX = x + 0.2 * H * f
            for dx in [-0.03 * H, 0.03 * H] {
                c.fill(.line(x0: x + dx, y0: hipY, x1: kneeX + dx, y1: hipY, thickness: legT), thigh, .clothing)
                c.fill(.line(x0: kneeX + dx, y0: hipY, x1: kneeX + dx, y1: footY - legT * 0.3, thickness: legT), shin,
                       .clothing)
                shoe(kneeX + dx + 0.03 * H * f, footY - legT * 0.3)
            }
        case .squat:
            for s in [-1.0, 1.0] {
                let knee = (x + s * 0.15 * H, footY - 0.3 * H)
                c.fill(.line(x0: x + s * 0.04 * H, y0: hipY, x1: knee.0, y1: knee.1, thickness: legT), thigh, .clothing)
                c.fill(.line(x0: knee.0, y0: knee.1, x1: x + s * 0.1 * H, y1: footY, thickness: legT), shin, .clothing)
                shoe(x + s * 0.1 * H, footY)
            }
        case .walk:
            for s in [-1.0, 1.0] {
                c.fill(.line(x0: x, y0: hipY, x1: x + s * 0.17 * H, y1: footY, thickness: legT), shin, .clothing)
                shoe(x + s * 0.17 * H + 0.02 * H * f, footY)
            }
        default:
            for s in [-1.0, 1.0] {
                c.fill(.line(x0: x + s * 0.045 * H * appearance.widthScale, y0: hipY, x1: x + s * 0.05 * H, y1: footY,
                             thickness: legT), shin, .clothing)
                shoe(x + s * 0.05 * H + 0.02 * H * f, footY)
            }
        }
    }

    /// The torso (with a skirt for a standing dress) and the neck.
    func drawTorso(on c: inout RenderCanvas, _ l: FigureLayout) {
        let x = l.footX, sx = l.shoulderX, hipY = l.hipY, shoulderY = l.shoulderY, H = l.height, torsoW = l.torsoWidth
        c.fill(.polygon([(sx - torsoW / 2, shoulderY), (sx + torsoW / 2, shoulderY),
                         (x + torsoW * 0.45, hipY + 0.02 * H), (x - torsoW * 0.45, hipY + 0.02 * H)]),
               appearance.clothing, .clothing)
        if appearance.wearsDress && pose != .sit && pose != .squat {
            c.fill(.polygon([(x - torsoW * 0.45, hipY), (x + torsoW * 0.45, hipY),
                             (x + torsoW * 0.85, hipY + 0.27 * H), (x - torsoW * 0.85, hipY + 0.27 * H)]),
                   appearance.clothing, .clothing)
        }
        c.fill(.line(x0: sx, y0: shoulderY - 0.02 * H, x1: l.headX, y1: l.headY + l.headRadius,
                     thickness: l.headRadius * 0.7), appearance.skin, .skin)
    }

    /// Both arms, placed for the pose: hanging, swinging, reaching to the ground, shading the eyes, gesturing,
    /// holding a box or hugging toward `partnerX`.
    func drawArms(on c: inout RenderCanvas, _ l: FigureLayout, partnerX: Double?) {
        let x = l.footX, footY = l.footY, hipY = l.hipY, shoulderY = l.shoulderY, H = l.height, f = l.facing
        let (front, back) = l.shoulders
        func arm(_ shoulder: (Double, Double), _ elbow: (Double, Double), _ hand: (Double, Double)) {
            drawArm(on: &c, l, shoulder: shoulder, elbow: elbow, hand: hand)
        }
        // The back arm hangs at the side in the poses where only the front arm acts.
        func hangingBackArm() {
            arm(back, (back.0 - 0.02 * H * f, shoulderY + 0.17 * H), (back.0 - 0.03 * H * f, hipY + 0.02 * H))
        }
        switch pose {
        case .stand, .sit:
            arm(front, (front.0 + 0.02 * H * f, shoulderY + 0.17 * H),
                (front.0 + 0.03 * H * f, hipY + (pose == .sit ? -0.02 * H : 0.02 * H)))
            hangingBackArm()
        case .walk:
            arm(front, (front.0 + 0.08 * H * f, shoulderY + 0.15 * H), (front.0 + 0.16 * H * f, shoulderY + 0.27 * H))
            arm(back, (back.0 - 0.08 * H * f, shoulderY + 0.15 * H), (back.0 - 0.15 * H * f, shoulderY + 0.26 * H))
        case .squat:
            arm(front, (front.0 + 0.06 * H * f, shoulderY + 0.12 * H), (x + 0.15 * H * f, footY - 0.3 * H))
            arm(back, (back.0 - 0.06 * H * f, shoulderY + 0.12 * H), (x - 0.15 * H * f, footY - 0.3 * H))
        case .look:
            let r = l.headRadius
            arm(front, (front.0 + 0.12 * H * f, shoulderY + 0.02 * H), (l.headX + r * 1.0 * f, l.headY - r * 0.55))
            hangingBackArm()
        case .talk:
            arm(front, (front.0 + 0.13 * H * f, shoulderY + 0.1 * H), (front.0 + 0.27 * H * f, shoulderY - 0.03 * H))
            hangingBackArm()
        case .hold:
            let hand = (l.shoulderX + 0.2 * H * f, shoulderY + 0.2 * H)
            c.rect(hand.0 - 0.07 * H, hand.1 - 0.12 * H, 0.14 * H, 0.13 * H, RGBColor(212, 170, 55), .structure)
            arm(front, (front.0 + 0.06 * H * f, shoulderY + 0.17 * H), (hand.0 + 0.05 * H * f, hand.1 - 0.03 * H))
            arm(back, (back.0 + 0.04 * H * f, shoulderY + 0.17 * H), (hand.0 - 0.06 * H * f, hand.1 - 0.03 * H))
        case .hug:
            let reach = partnerX ?? (l.shoulderX + 0.25 * H * f)
            arm(front, (front.0 + 0.08 * H * f, shoulderY + 0.1 * H), (reach + 0.06 * H * f, shoulderY + 0.12 * H))
            arm(back, (back.0 + 0.1 * H * f, shoulderY + 0.22 * H), (reach + 0.04 * H * f, shoulderY + 0.24 * H))
        }
    }

    /// One arm: upper arm and forearm in a slightly darker shade of the clothing, and a hand.
    func drawArm(on c: inout RenderCanvas, _ l: FigureLayout, shoulder: (Double, Double), elbow: (Double, Double),
                 hand: (Double, Double)) {
        let sleeve = appearance.clothing.scaled(0.9), t = l.armThickness
        c.fill(.line(x0: shoulder.0, y0: shoulder.1, x1: elbow.0, y1: elbow.1, thickness: t), sleeve, .clothing)
        c.fill(.line(x0: elbow.0, y0: elbow.1, x1: hand.0, y1: hand.1, thickness: t), sleeve, .clothing)
        c.fill(.circle(cx: hand.0, cy: hand.1, r: t * 0.7), appearance.skin, .skin)
    }
}
