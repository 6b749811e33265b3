import Imaging
import Foundation

extension SceneRenderer {
    /// An indoor background: wall and floor, one to three wall features (windows, shelves, openings) and the room's
    /// furniture; returns the floor line.
    func drawInterior(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, _ W: Double, _ H: Double) -> Double {
        let floorY = H * (0.62 + 0.1 * rng.unit())
        let palette = interiorPalette
        let wall = hueColor(&rng, palette.walls)
        c.gradient(y0: 0, y1: floorY, top: wall.scaled(0.8), bottom: wall, .sky)
        c.gradient(y0: floorY, y1: H, top: palette.floor, bottom: palette.floor.scaled(0.75), .ground)
        let count = 1 + rng.index(3)
        for i in 0..<count {
            let wx = W * (Double(i) + 0.5) / Double(count) + (rng.unit() - 0.5) * W * 0.1
            drawWallFeature(&c, &rng, centerX: wx, floorY: floorY, W, H)
        }
        drawFurniture(&c, floorY: floorY, W, H)
        return min(H * 0.95, floorY + (H - floorY) * 0.7)
    }

    /// Wall colours to pick from and the floor colour.
    var interiorPalette: (walls: [RGBColor], floor: RGBColor) {
        switch kind {
        case .tavern: return ([RGBColor(120, 80, 50), RGBColor(140, 95, 60)], RGBColor(90, 60, 40))
        case .library: return ([RGBColor(110, 70, 50), RGBColor(90, 60, 45)], RGBColor(120, 40, 40))
        case .church: return ([RGBColor(175, 170, 160), RGBColor(150, 145, 140)], RGBColor(130, 125, 120))
        case .workshop: return ([RGBColor(95, 80, 70), RGBColor(110, 90, 75)], RGBColor(70, 60, 55))
        case .hall: return ([RGBColor(150, 40, 45), RGBColor(200, 180, 140), RGBColor(60, 80, 120)], RGBColor(190, 170, 130))
        case .underground: return ([RGBColor(60, 55, 55), RGBColor(50, 50, 58)], RGBColor(45, 40, 38))
        case .spacecraft: return ([RGBColor(170, 180, 190), RGBColor(60, 70, 85)], RGBColor(90, 95, 105))
        default:
            return ([RGBColor(210, 195, 170), RGBColor(170, 190, 200), RGBColor(200, 170, 160), RGBColor(180, 200, 170)],
                    RGBColor(150, 110, 75))
        }
    }

    /// One feature on the back wall centred at `centerX`: a stained-glass window, a bookshelf, a tunnel mouth with a
    /// torch, a starry viewport, or a plain window.
    func drawWallFeature(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, centerX wx: Double, floorY: Double,
                         _ W: Double, _ H: Double) {
        switch kind {
        case .church:
            c.rect(wx - W * 0.035, H * 0.15, W * 0.07, floorY * 0.55, RGBColor(70, 110, 190), .structure)
            c.fill(.ellipse(cx: wx, cy: H * 0.15, rx: W * 0.035, ry: H * 0.08), RGBColor(190, 60, 70), .structure)
        case .library:
            drawBookshelf(&c, &rng, centerX: wx, floorY: floorY, W, H)
        case .underground:
            c.fill(.ellipse(cx: wx, cy: floorY, rx: W * 0.08, ry: floorY * 0.55), RGBColor(15, 12, 12), .structure)
            c.fill(.circle(cx: wx + W * 0.1, cy: floorY * 0.45, r: H * 0.02), RGBColor(255, 170, 60), .structure)
        case .spacecraft:
            c.rect(wx - W * 0.1, H * 0.12, W * 0.2, floorY * 0.35, RGBColor(20, 25, 45), .structure)
            for _ in 0..<4 {
                c.rect(wx - W * 0.09 + rng.unit() * W * 0.17, H * 0.14 + rng.unit() * floorY * 0.3, 2, 2, .white, .structure)
            }
            c.rect(wx - W * 0.08, floorY * 0.72, W * 0.16, H * 0.04, RGBColor(40, 200, 160), .structure)
        default:
            let frame = kind == .hall ? RGBColor(200, 170, 80) : RGBColor(90, 60, 40)
            c.rect(wx - W * 0.06, H * 0.14, W * 0.12, floorY * 0.4, frame, .structure)
            c.rect(wx - W * 0.05, H * 0.14 + 3, W * 0.1, floorY * 0.4 - 6, RGBColor(150, 195, 235), .structure)
        }
    }

    /// A bookshelf from near the ceiling to the floor, its shelves filled with books of random widths and colours.
    func drawBookshelf(_ c: inout RenderCanvas, _ rng: inout SeededGenerator, centerX wx: Double, floorY: Double,
                       _ W: Double, _ H: Double) {
        let bindings = [RGBColor(150, 40, 40), RGBColor(40, 80, 130), RGBColor(50, 110, 60), RGBColor(200, 170, 80)]
        c.rect(wx - W * 0.1, H * 0.08, W * 0.2, floorY - H * 0.08, RGBColor(80, 50, 30), .structure)
        var sy = H * 0.12
        while sy < floorY - 6 {
            var bx = wx - W * 0.095
            while bx < wx + W * 0.09 {
                let bw = 2 + rng.unit() * 4
                c.rect(bx, sy, bw, floorY * 0.14, rng.pick(bindings), .structure)
                bx += bw + 1
            }
            sy += floorY * 0.2
        }
    }

    /// The room's furniture in front of the wall: a counter and barrels, an anvil and forge, columns and a carpet,
    /// pews, or a table with a lamp.
    func drawFurniture(_ c: inout RenderCanvas, floorY: Double, _ W: Double, _ H: Double) {
        switch kind {
        case .tavern:
            c.rect(W * 0.62, floorY - H * 0.18, W * 0.38, H * 0.2, RGBColor(100, 62, 35), .structure)
            for i in 0..<3 {
                c.fill(.ellipse(cx: W * (0.08 + 0.07 * Double(i)), cy: floorY - H * 0.06, rx: W * 0.03, ry: H * 0.07),
                       RGBColor(130, 85, 45), .structure)
            }
        case .workshop:
            c.rect(W * 0.78, floorY - H * 0.3, W * 0.16, H * 0.3, RGBColor(70, 65, 65), .structure)
            c.fill(.ellipse(cx: W * 0.86, cy: floorY - H * 0.15, rx: W * 0.05, ry: H * 0.06), RGBColor(255, 130, 30), .structure)
            c.fill(.polygon([(W * 0.1, floorY - H * 0.1), (W * 0.2, floorY - H * 0.1), (W * 0.17, floorY - H * 0.05),
                             (W * 0.13, floorY - H * 0.05)]), RGBColor(50, 50, 55), .structure)
        case .hall:
            for x in [W * 0.05, W * 0.92] { c.rect(x, 0, W * 0.04, floorY, RGBColor(220, 210, 190), .structure) }
            c.fill(.polygon([(W * 0.42, floorY), (W * 0.58, floorY), (W * 0.7, H), (W * 0.3, H)]), RGBColor(170, 30, 40), .ground)
        case .church:
            for i in 0..<4 {
                c.rect(W * 0.04 + Double(i) * W * 0.07, floorY + 2, W * 0.05, H * 0.06, RGBColor(100, 65, 40), .structure)
            }
        case .room:
            c.rect(W * 0.75, floorY - H * 0.12, W * 0.18, H * 0.03, RGBColor(120, 80, 50), .structure)
            c.rect(W * 0.77, floorY - H * 0.09, W * 0.015, H * 0.1, RGBColor(100, 65, 40), .structure)
            c.rect(W * 0.9, floorY - H * 0.09, W * 0.015, H * 0.1, RGBColor(100, 65, 40), .structure)
            c.fill(.circle(cx: W * 0.84, cy: floorY - H * 0.16, r: H * 0.035), RGBColor(250, 220, 140), .structure)
        default: break
        }
    }
}
