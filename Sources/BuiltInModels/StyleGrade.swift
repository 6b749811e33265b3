import Imaging
import Foundation

/// The style's colour grade: moves a rendered frame's luminance distribution and opponent-colour balance toward those
/// of the style's own canonical frame (``StyleApplier/canonicalStats``), by ``strength``. Every frame of a movie is
/// graded toward the same target, so the learned style, not the location or the people, decides most of the palette
/// and tone; what the scene shows still varies within it.
struct StyleGrade: Sendable {
    /// How far each frame moves toward the style's statistics (0: not at all, 1: all the way).
    static let strength = 0.8

    /// The new luminance of each luminance level.
    let luminance: [Double]
    /// Opponent channels: `value * scale + shift`.
    let redGreen: (scale: Double, shift: Double)
    let yellowBlue: (scale: Double, shift: Double)

    /// The grade taking `source` toward `target` by `strength`.
    init(from source: ColourStats, to target: ColourStats, strength: Double = Self.strength) {
        // The source's shares rise with the level, so one sweep of the target finds every match.
        let matched = target.levels(at: source.cumulative.map { $0 - 0.5 / 256 })
        luminance = (0..<256).map { level in Double(level) + strength * (matched[level] - Double(level)) }
        func channel(_ s: (mean: Double, spread: Double), _ t: (mean: Double, spread: Double)) -> (Double, Double) {
            let ratio = s.spread > 1 ? min(3, max(0.33, t.spread / s.spread)) : 1
            // value + strength * (((value - s.mean) * ratio + t.mean) - value), as one scale and shift.
            return (1 + strength * (ratio - 1), strength * (t.mean - s.mean * ratio))
        }
        let (aScale, aShift) = channel(source.redGreen, target.redGreen)
        let (yScale, yShift) = channel(source.yellowBlue, target.yellowBlue)
        redGreen = (aScale, aShift)
        yellowBlue = (yScale, yShift)
    }

    /// Grades `image` in place.
    func apply(to image: inout RGBImage) {
        let n = image.width * image.height
        image.pixels.withUnsafeMutableBufferPointer { px in
            luminance.withUnsafeBufferPointer { lut in
                for k in 0..<n {
                    let r = Double(px[k * 3]), g = Double(px[k * 3 + 1]), b = Double(px[k * 3 + 2])
                    let l = lut[min(255, Int((r + g + b) / 3))]
                    let a = (r - g) * redGreen.scale + redGreen.shift
                    let y = ((r + g) / 2 - b) * yellowBlue.scale + yellowBlue.shift
                    // Back from (luminance, red-green, yellow-blue) to RGB.
                    let sum = 2 * l + 2 * y / 3
                    px[k * 3] = Self.byte((sum + a) / 2)
                    px[k * 3 + 1] = Self.byte((sum - a) / 2)
                    px[k * 3 + 2] = Self.byte(l - 2 * y / 3)
                }
            }
        }
    }

    @inline(__always)
    static func byte(_ v: Double) -> UInt8 {
        v <= 0 ? 0 : (v >= 255 ? 255 : UInt8(v.rounded()))
    }
}
