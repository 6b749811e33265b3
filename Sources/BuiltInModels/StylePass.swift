import Foundation

/// One style pass over one image size: the ``StyleParameters`` with everything the per-pixel shading needs computed
/// once (colour matrix, hatch lines, grain seed, vignette centre, outline width).
struct StylePass {
    /// The decoded style.
    let parameters: StyleParameters
    /// Outline width in pixels.
    let outlineWidth: Double
    /// The 3x3 hue/saturation matrix (see ``StyleApplier/colourMatrix()``).
    let matrix: [Double]
    /// Distance between hatch lines in pixels.
    let hatchPeriod: Double
    /// Whether the diagonal hatch line covers the pixels with `x + y == i`, by `i` (empty without hatching): the
    /// line is a function of `x + y` alone, so its `fmod` is taken once per diagonal rather than once per pixel.
    let hatchLine: [Bool]
    /// Whether the crossing hatch line covers the pixels with `x - y == i - crossOffset`, by `i`.
    let crossLine: [Bool]
    /// The image height less one: `x - y + crossOffset` is never negative.
    let crossOffset: Int
    /// The seed folded to 32 bits for the grain hash.
    let seedBits: UInt32
    /// The image centre and one over the squared distance from it to a corner, for the vignette.
    let centerX: Double, centerY: Double, inverseCornerDistanceSquared: Double

    init(applier: StyleApplier, width: Int, height: Int) {
        let p = applier.parameters
        parameters = p
        outlineWidth = p.outlineWidth * (Double(width) / 256)
        matrix = applier.colourMatrix()
        let period = max(2.0, p.hatchPeriod * Double(width))
        hatchPeriod = period
        let diagonals = p.hatching > 0.01 ? width + height - 1 : 0
        hatchLine = (0..<diagonals).map { Self.onLine(Double($0), period: period) }
        crossOffset = height - 1
        crossLine = (0..<diagonals).map { Self.onLine(Double($0 - (height - 1) + 4096), period: period) }
        seedBits = UInt32(truncatingIfNeeded: applier.seed ^ (applier.seed >> 32))
        centerX = Double(width) / 2
        centerY = Double(height) / 2
        inverseCornerDistanceSquared = 1 / (centerX * centerX + centerY * centerY)
    }

    /// A pixel's colour after tint, hue and saturation, contrast, brightness and warmth (0...1 per channel, unclamped).
    @inline(__always)
    func graded(_ red: UInt8, _ green: UInt8, _ blue: UInt8, label: UInt8) -> (Double, Double, Double) {
        let p = parameters, l = Int(label) * 3, m = matrix
        let r = Double(red) / 255 + p.classTint[l] + p.tint.0
        let g = Double(green) / 255 + p.classTint[l + 1] + p.tint.1
        let b = Double(blue) / 255 + p.classTint[l + 2] + p.tint.2
        let nr = m[0] * r + m[1] * g + m[2] * b
        let ng = m[3] * r + m[4] * g + m[5] * b
        let nb = m[6] * r + m[7] * g + m[8] * b
        return ((nr - 0.5) * p.contrast + 0.5 + p.brightness + p.warmth,
                (ng - 0.5) * p.contrast + 0.5 + p.brightness,
                (nb - 0.5) * p.contrast + 0.5 + p.brightness - p.warmth)
    }

    /// The pixel at (`x`, `y`) fully shaded: graded, then split-toned, hatched, grained, vignetted and outlined
    /// (`edgeDistance` is its distance in pixels to the nearest label boundary).
    @inline(__always)
    func shade(_ red: UInt8, _ green: UInt8, _ blue: UInt8, label: UInt8, edgeDistance: UInt8, x: Int, y: Int)
        -> (Double, Double, Double) {
        let p = parameters
        var (r, g, b) = graded(red, green, blue, label: label)
        let lum = 0.3 * r + 0.59 * g + 0.11 * b
        if p.splitTone != 0, lum < 0.6 {  // blue/purple in the shadows
            let s = p.splitTone * (0.6 - lum)
            r -= 0.4 * s; b += s
        }
        if p.hatching > 0.01, lum < 0.65 {  // diagonal lines in darker areas, crossed in the darkest
            var shade = hatchLine[x + y] ? 1.0 : 0.0
            if lum < 0.35, crossLine[x - y + crossOffset] { shade = 1 }
            let f = 1 - p.hatching * shade * (0.65 - lum) * 1.6
            r *= f; g *= f; b *= f
        }
        if p.noise > 0.002 {
            let n = (Double(grainHash(x: x, y: y) & 0xFFFF) / 65535 - 0.5) * 2 * p.noise
            r += n; g += n; b += n
        }
        if p.vignette > 0.001 {
            let dx = Double(x) - centerX, dy = Double(y) - centerY
            let v = 1 - p.vignette * (dx * dx + dy * dy) * inverseCornerDistanceSquared
            r *= v; g *= v; b *= v
        }
        let distance = Double(edgeDistance)
        if distance < outlineWidth {
            let a = p.outlineDarkness * min(1, outlineWidth - distance)
            r *= 1 - 0.85 * a; g *= 1 - 0.85 * a; b *= 1 - 0.85 * a
        }
        return (r, g, b)
    }

    /// Whether a hatch line of `period` covers the diagonal at `position` (x + y, or x - y + 4096).
    static func onLine(_ position: Double, period: Double) -> Bool {
        position.truncatingRemainder(dividingBy: period) < period * 0.4
    }

    /// A well-mixed 32-bit hash of the pixel position and the seed, for film grain.
    @inline(__always)
    func grainHash(x: Int, y: Int) -> UInt32 {
        var h = UInt32(truncatingIfNeeded: x &* 73_856_093) ^ UInt32(truncatingIfNeeded: y &* 19_349_663) ^ seedBits
        h = (h ^ (h >> 15)) &* 0x2C1B_3C6D
        h = (h ^ (h >> 12)) &* 0x297A_2D39
        h ^= h >> 15
        return h
    }
}
