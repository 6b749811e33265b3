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

    private func hueColor(_ rng: inout SeededGenerator, _ base: [RGBColor]) -> RGBColor {
        let b = rng.pick(base)
        return b.scaled(0.85 + 0.3 * rng.unit())
    }

    private func drawExterior(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ W: Double, _ H: Double) -> Double {
        let time = rng.index(kind == .desert ? 2 : 3)  // 0 day, 1 dusk, 2 night
        let skies: [(RGBColor, RGBColor)] = [(RGBColor(90, 150, 225), RGBColor(190, 220, 245)),
                                             (RGBColor(70, 60, 130), RGBColor(245, 150, 90)),
                                             (RGBColor(12, 16, 45), RGBColor(45, 55, 100))]
        let horizon = H * (0.45 + 0.15 * rng.unit())
        c.gradient(y0: 0, y1: horizon, top: skies[time].0, bottom: skies[time].1, .sky)
        if time == 2 {
            for _ in 0..<Int(W / 12) { c.rect(rng.unit() * W, rng.unit() * horizon * 0.8, 1.2, 1.2, RGBColor(235, 235, 210), .sky) }
            c.fill(.circle(cx: W * (0.1 + 0.8 * rng.unit()), cy: H * 0.15, r: H * 0.06), RGBColor(240, 235, 200), .sky)
        } else {
            c.fill(.circle(cx: W * (0.1 + 0.8 * rng.unit()), cy: horizon * (time == 1 ? 0.8 : 0.25), r: H * 0.07),
                   time == 1 ? RGBColor(255, 180, 90) : RGBColor(255, 240, 180), .sky)
        }
        let night = time == 2 ? 0.45 : (time == 1 ? 0.8 : 1.0)
        let groundTop: RGBColor, groundBottom: RGBColor
        switch kind {
        case .sea:
            c.gradient(y0: horizon, y1: H * 0.78, top: RGBColor(40, 90, 150).scaled(night), bottom: RGBColor(30, 70, 120).scaled(night), .ground)
            for i in 0..<Int(W / 18) {
                let wx = Double(i) * 18 + rng.unit() * 8, wy = horizon + (H * 0.78 - horizon) * rng.unit()
                c.fill(.line(x0: wx, y0: wy, x1: wx + 8, y1: wy, thickness: 1.5), RGBColor(200, 225, 245).scaled(night), .ground)
            }
            if rng.chance(0.6) {  // a boat or a lighthouse
                let bx = W * (0.6 + 0.3 * rng.unit())
                c.fill(.polygon([(bx - W * 0.06, horizon + 6), (bx + W * 0.06, horizon + 6), (bx + W * 0.04, horizon + 14), (bx - W * 0.04, horizon + 14)]), RGBColor(90, 55, 35).scaled(night), .structure)
                c.fill(.polygon([(bx, horizon - H * 0.12), (bx, horizon + 4), (bx + W * 0.045, horizon + 4)]), RGBColor(235, 230, 215).scaled(night), .structure)
            } else {
                let lx = W * 0.85
                c.fill(.polygon([(lx - W * 0.025, horizon), (lx + W * 0.025, horizon), (lx + W * 0.015, horizon - H * 0.3), (lx - W * 0.015, horizon - H * 0.3)]), RGBColor(235, 235, 235).scaled(night), .structure)
                c.rect(lx - W * 0.02, horizon - H * 0.2, W * 0.04, H * 0.04, RGBColor(200, 40, 40).scaled(night), .structure)
            }
            groundTop = RGBColor(215, 195, 150); groundBottom = RGBColor(190, 165, 120)
            c.gradient(y0: H * 0.78, y1: H, top: groundTop.scaled(night), bottom: groundBottom.scaled(night), .ground)
            return H * 0.95
        case .desert: groundTop = RGBColor(225, 190, 120); groundBottom = RGBColor(200, 160, 95)
        case .forest: groundTop = RGBColor(70, 120, 55); groundBottom = RGBColor(45, 90, 40)
        case .town: groundTop = RGBColor(150, 145, 140); groundBottom = RGBColor(115, 110, 105)
        case .fortress: groundTop = RGBColor(120, 115, 95); groundBottom = RGBColor(95, 90, 75)
        case .mountain: groundTop = RGBColor(115, 130, 95); groundBottom = RGBColor(85, 100, 70)
        default: groundTop = RGBColor(120, 150, 70); groundBottom = RGBColor(95, 120, 55)
        }
        // Background layer.
        switch kind {
        case .mountain, .desert:
            var x = -W * 0.1
            while x < W {
                let w = W * (0.25 + 0.25 * rng.unit()), h = (horizon) * (kind == .mountain ? 0.5 + 0.4 * rng.unit() : 0.15 + 0.1 * rng.unit())
                c.fill(.polygon([(x, horizon), (x + w / 2, horizon - h), (x + w, horizon)]), (kind == .mountain ? RGBColor(110, 110, 130) : RGBColor(210, 170, 110)).scaled(night), .structure)
                if kind == .mountain { c.fill(.polygon([(x + w * 0.4, horizon - h * 0.8), (x + w / 2, horizon - h), (x + w * 0.6, horizon - h * 0.8)]), RGBColor(245, 245, 250).scaled(night), .structure) }
                x += w * 0.7
            }
        case .town:
            var x = 0.0
            let wall = [RGBColor(180, 150, 120), RGBColor(160, 120, 100), RGBColor(200, 190, 170), RGBColor(140, 140, 150)]
            while x < W {
                let w = W * (0.1 + 0.1 * rng.unit()), h = horizon * (0.4 + 0.5 * rng.unit())
                let col = hueColor(&rng, wall).scaled(night)
                c.rect(x, horizon - h, w - 2, h, col, .structure)
                c.fill(.polygon([(x - 2, horizon - h), (x + w / 2, horizon - h - H * 0.08), (x + w, horizon - h)]), RGBColor(140, 60, 45).scaled(night), .structure)
                var wy = horizon - h + h * 0.15
                while wy < horizon - h * 0.2 {
                    c.rect(x + w * 0.2, wy, w * 0.22, h * 0.12, time == 2 ? RGBColor(250, 210, 110) : RGBColor(60, 80, 110), .structure)
                    c.rect(x + w * 0.58, wy, w * 0.22, h * 0.12, time == 2 ? RGBColor(250, 210, 110) : RGBColor(60, 80, 110), .structure)
                    wy += h * 0.28
                }
                x += w
            }
        case .fortress:
            let wallTop = horizon - H * (0.2 + 0.12 * rng.unit())
            let stone = RGBColor(150, 145, 135).scaled(night)
            c.rect(0, wallTop, W, horizon - wallTop, stone, .structure)
            var x = 0.0
            while x < W { c.rect(x, wallTop - H * 0.04, W * 0.03, H * 0.04, stone, .structure); x += W * 0.06 }
            let tx = W * (0.15 + 0.7 * rng.unit())
            c.rect(tx - W * 0.05, wallTop - H * 0.2, W * 0.1, horizon - wallTop + H * 0.2, stone.scaled(0.9), .structure)
            c.fill(.polygon([(tx - W * 0.06, wallTop - H * 0.2), (tx, wallTop - H * 0.32), (tx + W * 0.06, wallTop - H * 0.2)]), RGBColor(110, 40, 40).scaled(night), .structure)
            if rng.chance(0.6) {  // a gate
                let gx = W * (0.3 + 0.4 * rng.unit())
                c.fill(.ellipse(cx: gx, cy: horizon - H * 0.1, rx: W * 0.05, ry: H * 0.1), RGBColor(50, 35, 25), .structure)
                c.rect(gx - W * 0.05, horizon - H * 0.1, W * 0.1, H * 0.1, RGBColor(50, 35, 25), .structure)
            }
            for i in 0..<Int(W / 25) { c.rect(Double(i) * 25 + 4, wallTop + (horizon - wallTop) * 0.5, 10, 1.5, stone.scaled(0.75), .structure) }
        case .forest:
            for _ in 0..<Int(5 + rng.index(5)) {
                let tx = rng.unit() * W, th = H * (0.25 + 0.2 * rng.unit())
                c.rect(tx - W * 0.012, horizon - th * 0.5, W * 0.024, th * 0.55, RGBColor(90, 60, 35).scaled(night), .structure)
                c.fill(.polygon([(tx - W * 0.06, horizon - th * 0.4), (tx, horizon - th * 1.3), (tx + W * 0.06, horizon - th * 0.4)]), RGBColor(40, 100, 50).scaled(night * (0.8 + 0.4 * rng.unit())), .structure)
            }
        default:  // field: fences, a tree or tents
            for i in 0..<Int(W / 30) { c.rect(Double(i) * 30, horizon - H * 0.05, 3, H * 0.05, RGBColor(120, 90, 60).scaled(night), .structure) }
            c.rect(0, horizon - H * 0.035, W, 2, RGBColor(120, 90, 60).scaled(night), .structure)
            let tx = W * (0.1 + 0.8 * rng.unit())
            if rng.chance(0.5) {
                c.fill(.polygon([(tx - W * 0.07, horizon), (tx, horizon - H * 0.16), (tx + W * 0.07, horizon)]), RGBColor(200, 190, 160).scaled(night), .structure)
            } else {
                c.rect(tx - 3, horizon - H * 0.15, 6, H * 0.15, RGBColor(90, 60, 35).scaled(night), .structure)
                c.fill(.circle(cx: tx, cy: horizon - H * 0.19, r: H * 0.08), RGBColor(60, 120, 50).scaled(night), .structure)
            }
        }
        c.gradient(y0: horizon, y1: H, top: groundTop.scaled(night), bottom: groundBottom.scaled(night), .ground)
        if kind == .town {  // cobbles / road
            c.fill(.polygon([(W * 0.4, horizon), (W * 0.6, horizon), (W * 0.85, H), (W * 0.15, H)]), RGBColor(170, 160, 150).scaled(night), .ground)
        }
        return H * 0.93
    }

    private func drawInterior(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ W: Double, _ H: Double) -> Double {
        let floorY = H * (0.62 + 0.1 * rng.unit())
        let walls: [RGBColor]
        let floor: RGBColor
        switch kind {
        case .tavern: walls = [RGBColor(120, 80, 50), RGBColor(140, 95, 60)]; floor = RGBColor(90, 60, 40)
        case .library: walls = [RGBColor(110, 70, 50), RGBColor(90, 60, 45)]; floor = RGBColor(120, 40, 40)
        case .church: walls = [RGBColor(175, 170, 160), RGBColor(150, 145, 140)]; floor = RGBColor(130, 125, 120)
        case .workshop: walls = [RGBColor(95, 80, 70), RGBColor(110, 90, 75)]; floor = RGBColor(70, 60, 55)
        case .hall: walls = [RGBColor(150, 40, 45), RGBColor(200, 180, 140), RGBColor(60, 80, 120)]; floor = RGBColor(190, 170, 130)
        case .underground: walls = [RGBColor(60, 55, 55), RGBColor(50, 50, 58)]; floor = RGBColor(45, 40, 38)
        case .spacecraft: walls = [RGBColor(170, 180, 190), RGBColor(60, 70, 85)]; floor = RGBColor(90, 95, 105)
        default: walls = [RGBColor(210, 195, 170), RGBColor(170, 190, 200), RGBColor(200, 170, 160), RGBColor(180, 200, 170)]; floor = RGBColor(150, 110, 75)
        }
        let wall = hueColor(&rng, walls)
        c.gradient(y0: 0, y1: floorY, top: wall.scaled(0.8), bottom: wall, .sky)
        c.gradient(y0: floorY, y1: H, top: floor, bottom: floor.scaled(0.75), .ground)
        let count = 1 + rng.index(3)
        for i in 0..<count {
            let wx = W * (Double(i) + 0.5) / Double(count) + (rng.unit() - 0.5) * W * 0.1
            switch kind {
            case .church:
                c.rect(wx - W * 0.035, H * 0.15, W * 0.07, floorY * 0.55, RGBColor(70, 110, 190), .structure)
                c.fill(.ellipse(cx: wx, cy: H * 0.15, rx: W * 0.035, ry: H * 0.08), RGBColor(190, 60, 70), .structure)
            case .library:
                c.rect(wx - W * 0.1, H * 0.08, W * 0.2, floorY - H * 0.08, RGBColor(80, 50, 30), .structure)
                var sy = H * 0.12
                while sy < floorY - 6 {
                    var bx = wx - W * 0.095
                    while bx < wx + W * 0.09 {
                        let bw = 2 + rng.unit() * 4
                        c.rect(bx, sy, bw, floorY * 0.14, rng.pick([RGBColor(150, 40, 40), RGBColor(40, 80, 130), RGBColor(50, 110, 60), RGBColor(200, 170, 80)]), .structure)
                        bx += bw + 1
                    }
                    sy += floorY * 0.2
                }
            case .underground:
                c.fill(.ellipse(cx: wx, cy: floorY, rx: W * 0.08, ry: floorY * 0.55), RGBColor(15, 12, 12), .structure)
                c.fill(.circle(cx: wx + W * 0.1, cy: floorY * 0.45, r: H * 0.02), RGBColor(255, 170, 60), .structure)
            case .spacecraft:
                c.rect(wx - W * 0.1, H * 0.12, W * 0.2, floorY * 0.35, RGBColor(20, 25, 45), .structure)
                for _ in 0..<4 { c.rect(wx - W * 0.09 + rng.unit() * W * 0.17, H * 0.14 + rng.unit() * floorY * 0.3, 2, 2, .white, .structure) }
                c.rect(wx - W * 0.08, floorY * 0.72, W * 0.16, H * 0.04, RGBColor(40, 200, 160), .structure)
            default:
                let frame = kind == .hall ? RGBColor(200, 170, 80) : RGBColor(90, 60, 40)
                c.rect(wx - W * 0.06, H * 0.14, W * 0.12, floorY * 0.4, frame, .structure)
                c.rect(wx - W * 0.05, H * 0.14 + 3, W * 0.1, floorY * 0.4 - 6, RGBColor(150, 195, 235), .structure)
            }
        }
        switch kind {
        case .tavern:  // counter and barrels
            c.rect(W * 0.62, floorY - H * 0.18, W * 0.38, H * 0.2, RGBColor(100, 62, 35), .structure)
            for i in 0..<3 { c.fill(.ellipse(cx: W * (0.08 + 0.07 * Double(i)), cy: floorY - H * 0.06, rx: W * 0.03, ry: H * 0.07), RGBColor(130, 85, 45), .structure) }
        case .workshop:  // anvil and glowing forge
            c.rect(W * 0.78, floorY - H * 0.3, W * 0.16, H * 0.3, RGBColor(70, 65, 65), .structure)
            c.fill(.ellipse(cx: W * 0.86, cy: floorY - H * 0.15, rx: W * 0.05, ry: H * 0.06), RGBColor(255, 130, 30), .structure)
            c.fill(.polygon([(W * 0.1, floorY - H * 0.1), (W * 0.2, floorY - H * 0.1), (W * 0.17, floorY - H * 0.05), (W * 0.13, floorY - H * 0.05)]), RGBColor(50, 50, 55), .structure)
        case .hall:  // columns and a carpet
            for x in [W * 0.05, W * 0.92] { c.rect(x, 0, W * 0.04, floorY, RGBColor(220, 210, 190), .structure) }
            c.fill(.polygon([(W * 0.42, floorY), (W * 0.58, floorY), (W * 0.7, H), (W * 0.3, H)]), RGBColor(170, 30, 40), .ground)
        case .church:  // pews
            for i in 0..<4 { c.rect(W * 0.04 + Double(i) * W * 0.07, floorY + 2, W * 0.05, H * 0.06, RGBColor(100, 65, 40), .structure) }
        case .room:  // table and a lamp
            c.rect(W * 0.75, floorY - H * 0.12, W * 0.18, H * 0.03, RGBColor(120, 80, 50), .structure)
            c.rect(W * 0.77, floorY - H * 0.09, W * 0.015, H * 0.1, RGBColor(100, 65, 40), .structure)
            c.rect(W * 0.9, floorY - H * 0.09, W * 0.015, H * 0.1, RGBColor(100, 65, 40), .structure)
            c.fill(.circle(cx: W * 0.84, cy: floorY - H * 0.16, r: H * 0.035), RGBColor(250, 220, 140), .structure)
        default: break
        }
        return min(H * 0.95, floorY + (H - floorY) * 0.7)
    }
}
