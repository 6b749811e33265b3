import Imaging
import Foundation

extension SceneRenderer {
    /// An outdoor background: sky, a far layer that shows the kind of place, then the ground; returns the floor line.
    func drawExterior(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ W: Double, _ H: Double) -> Double {
        let scene = drawSky(&c, &rng, W, H)
        if kind == .sea { return drawSea(&c, &rng, scene) }
        switch kind {
        case .mountain, .desert: drawPeaks(&c, &rng, scene)
        case .town: drawHouses(&c, &rng, scene)
        case .fortress: drawFortress(&c, &rng, scene)
        case .forest: drawTrees(&c, &rng, scene)
        default: drawFieldEdge(&c, &rng, scene)
        }
        let ground = groundColors
        c.gradient(y0: scene.horizon, y1: H, top: ground.top.scaled(scene.light), bottom: ground.bottom.scaled(scene.light),
                   .ground)
        if kind == .town {  // cobbles / road
            c.fill(.polygon([(W * 0.4, scene.horizon), (W * 0.6, scene.horizon), (W * 0.85, H), (W * 0.15, H)]),
                   RGBColor(170, 160, 150).scaled(scene.light), .ground)
        }
        return H * 0.93
    }

    /// The ground's gradient colours in full light.
    var groundColors: (top: RGBColor, bottom: RGBColor) {
        switch kind {
        case .desert: return (RGBColor(225, 190, 120), RGBColor(200, 160, 95))
        case .forest: return (RGBColor(70, 120, 55), RGBColor(45, 90, 40))
        case .town: return (RGBColor(150, 145, 140), RGBColor(115, 110, 105))
        case .fortress: return (RGBColor(120, 115, 95), RGBColor(95, 90, 75))
        case .mountain: return (RGBColor(115, 130, 95), RGBColor(85, 100, 70))
        default: return (RGBColor(120, 150, 70), RGBColor(95, 120, 55))
        }
    }

    /// Picks the time of day (never night in the desert) and the horizon, and draws the sky with stars and the moon
    /// at night, the sun otherwise.
    func drawSky(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ W: Double, _ H: Double) -> Outdoors {
        let time = TimeOfDay.allCases[rng.index(kind == .desert ? 2 : 3)]
        let horizon = H * (0.45 + 0.15 * rng.unit())
        c.gradient(y0: 0, y1: horizon, top: time.sky.top, bottom: time.sky.bottom, .sky)
        if time == .night {
            for _ in 0..<Int(W / 12) {
                c.rect(rng.unit() * W, rng.unit() * horizon * 0.8, 1.2, 1.2, RGBColor(235, 235, 210), .sky)
            }
            c.fill(.circle(cx: W * (0.1 + 0.8 * rng.unit()), cy: H * 0.15, r: H * 0.06), RGBColor(240, 235, 200), .sky)
        } else {
            let dusk = time == .dusk
            c.fill(.circle(cx: W * (0.1 + 0.8 * rng.unit()), cy: horizon * (dusk ? 0.8 : 0.25), r: H * 0.07),
                   dusk ? RGBColor(255, 180, 90) : RGBColor(255, 240, 180), .sky)
        }
        return Outdoors(width: W, height: H, horizon: horizon, time: time)
    }

    /// Water with wave marks down to a beach, with a boat or a lighthouse; returns the floor line on the sand.
    func drawSea(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) -> Double {
        let W = scene.width, H = scene.height, horizon = scene.horizon, light = scene.light
        c.gradient(y0: horizon, y1: H * 0.78, top: RGBColor(40, 90, 150).scaled(light),
                   bottom: RGBColor(30, 70, 120).scaled(light), .ground)
        for i in 0..<Int(W / 18) {
            let wx = Double(i) * 18 + rng.unit() * 8, wy = horizon + (H * 0.78 - horizon) * rng.unit()
            c.fill(.line(x0: wx, y0: wy, x1: wx + 8, y1: wy, thickness: 1.5), RGBColor(200, 225, 245).scaled(light), .ground)
        }
        if rng.chance(0.6) {  // a sailing boat
            let bx = W * (0.6 + 0.3 * rng.unit())
            c.fill(.polygon([(bx - W * 0.06, horizon + 6), (bx + W * 0.06, horizon + 6), (bx + W * 0.04, horizon + 14),
                             (bx - W * 0.04, horizon + 14)]), RGBColor(90, 55, 35).scaled(light), .structure)
            c.fill(.polygon([(bx, horizon - H * 0.12), (bx, horizon + 4), (bx + W * 0.045, horizon + 4)]),
                   RGBColor(235, 230, 215).scaled(light), .structure)
        } else {  // a lighthouse
            let lx = W * 0.85
            c.fill(.polygon([(lx - W * 0.025, horizon), (lx + W * 0.025, horizon), (lx + W * 0.015, horizon - H * 0.3),
                             (lx - W * 0.015, horizon - H * 0.3)]), RGBColor(235, 235, 235).scaled(light), .structure)
            c.rect(lx - W * 0.02, horizon - H * 0.2, W * 0.04, H * 0.04, RGBColor(200, 40, 40).scaled(light), .structure)
        }
        c.gradient(y0: H * 0.78, y1: H, top: RGBColor(215, 195, 150).scaled(light),
                   bottom: RGBColor(190, 165, 120).scaled(light), .ground)
        return H * 0.95
    }
}
