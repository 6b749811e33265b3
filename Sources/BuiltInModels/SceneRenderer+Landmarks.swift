import Imaging
import Foundation

extension SceneRenderer {
    /// A row of overlapping peaks along the horizon: snow-capped mountains, or low dunes in the desert.
    func drawPeaks(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) {
        let W = scene.width, horizon = scene.horizon, light = scene.light
        let mountain = kind == .mountain
        var x = -W * 0.1
        while x < W {
            let w = W * (0.25 + 0.25 * rng.unit())
            let h = (horizon) * (mountain ? 0.5 + 0.4 * rng.unit() : 0.15 + 0.1 * rng.unit())
            c.fill(.polygon([(x, horizon), (x + w / 2, horizon - h), (x + w, horizon)]),
                   (mountain ? RGBColor(110, 110, 130) : RGBColor(210, 170, 110)).scaled(light), .structure)
            if mountain {
                c.fill(.polygon([(x + w * 0.4, horizon - h * 0.8), (x + w / 2, horizon - h), (x + w * 0.6, horizon - h * 0.8)]),
                       RGBColor(245, 245, 250).scaled(light), .structure)
            }
            x += w * 0.7
        }
    }

    /// A street of houses with red roofs and two columns of windows, lit at night.
    func drawHouses(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) {
        let W = scene.width, H = scene.height, horizon = scene.horizon, light = scene.light
        let walls = [RGBColor(180, 150, 120), RGBColor(160, 120, 100), RGBColor(200, 190, 170), RGBColor(140, 140, 150)]
        let window = scene.time == .night ? RGBColor(250, 210, 110) : RGBColor(60, 80, 110)
        var x = 0.0
        while x < W {
            let w = W * (0.1 + 0.1 * rng.unit()), h = horizon * (0.4 + 0.5 * rng.unit())
            c.rect(x, horizon - h, w - 2, h, hueColor(&rng, walls).scaled(light), .structure)
            c.fill(.polygon([(x - 2, horizon - h), (x + w / 2, horizon - h - H * 0.08), (x + w, horizon - h)]),
                   RGBColor(140, 60, 45).scaled(light), .structure)
            var wy = horizon - h + h * 0.15
            while wy < horizon - h * 0.2 {
                c.rect(x + w * 0.2, wy, w * 0.22, h * 0.12, window, .structure)
                c.rect(x + w * 0.58, wy, w * 0.22, h * 0.12, window, .structure)
                wy += h * 0.28
            }
            x += w
        }
    }

    /// A crenellated stone wall with a tower, maybe a gate, and mortar lines.
    func drawFortress(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) {
        let W = scene.width, H = scene.height, horizon = scene.horizon, light = scene.light
        let wallTop = horizon - H * (0.2 + 0.12 * rng.unit())
        let stone = RGBColor(150, 145, 135).scaled(light)
        c.rect(0, wallTop, W, horizon - wallTop, stone, .structure)
        var x = 0.0
        while x < W { c.rect(x, wallTop - H * 0.04, W * 0.03, H * 0.04, stone, .structure); x += W * 0.06 }
        let tx = W * (0.15 + 0.7 * rng.unit())
        c.rect(tx - W * 0.05, wallTop - H * 0.2, W * 0.1, horizon - wallTop + H * 0.2, stone.scaled(0.9), .structure)
        c.fill(.polygon([(tx - W * 0.06, wallTop - H * 0.2), (tx, wallTop - H * 0.32), (tx + W * 0.06, wallTop - H * 0.2)]),
               RGBColor(110, 40, 40).scaled(light), .structure)
        if rng.chance(0.6) {  // a gate
            let gx = W * (0.3 + 0.4 * rng.unit())
            c.fill(.ellipse(cx: gx, cy: horizon - H * 0.1, rx: W * 0.05, ry: H * 0.1), RGBColor(50, 35, 25), .structure)
            c.rect(gx - W * 0.05, horizon - H * 0.1, W * 0.1, H * 0.1, RGBColor(50, 35, 25), .structure)
        }
        for i in 0..<Int(W / 25) {
            c.rect(Double(i) * 25 + 4, wallTop + (horizon - wallTop) * 0.5, 10, 1.5, stone.scaled(0.75), .structure)
        }
    }

    /// Five to nine pine trees at random places along the horizon.
    func drawTrees(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) {
        let W = scene.width, H = scene.height, horizon = scene.horizon, light = scene.light
        for _ in 0..<Int(5 + rng.index(5)) {
            let tx = rng.unit() * W, th = H * (0.25 + 0.2 * rng.unit())
            c.rect(tx - W * 0.012, horizon - th * 0.5, W * 0.024, th * 0.55, RGBColor(90, 60, 35).scaled(light), .structure)
            c.fill(.polygon([(tx - W * 0.06, horizon - th * 0.4), (tx, horizon - th * 1.3), (tx + W * 0.06, horizon - th * 0.4)]),
                   RGBColor(40, 100, 50).scaled(light * (0.8 + 0.4 * rng.unit())), .structure)
        }
    }

    /// A fence along the horizon with a tent or a tree behind it.
    func drawFieldEdge(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ scene: Outdoors) {
        let W = scene.width, H = scene.height, horizon = scene.horizon, light = scene.light
        for i in 0..<Int(W / 30) {
            c.rect(Double(i) * 30, horizon - H * 0.05, 3, H * 0.05, RGBColor(120, 90, 60).scaled(light), .structure)
        }
        c.rect(0, horizon - H * 0.035, W, 2, RGBColor(120, 90, 60).scaled(light), .structure)
        let tx = W * (0.1 + 0.8 * rng.unit())
        if rng.chance(0.5) {
            c.fill(.polygon([(tx - W * 0.07, horizon), (tx, horizon - H * 0.16), (tx + W * 0.07, horizon)]),
                   RGBColor(200, 190, 160).scaled(light), .structure)
        } else {
            c.rect(tx - 3, horizon - H * 0.15, 6, H * 0.15, RGBColor(90, 60, 35).scaled(light), .structure)
            c.fill(.circle(cx: tx, cy: horizon - H * 0.19, r: H * 0.08), RGBColor(60, 120, 50).scaled(light), .structure)
        }
    }
}
