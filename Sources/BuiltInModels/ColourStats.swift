import Imaging
import Foundation

/// The colour statistics a style grade works on: the distribution of luminance (the channel mean, 0...255) and the
/// mean and spread of the two opponent channels red-green and yellow-blue — the statistics that decide most of
/// ``StyleFeatures``.
struct ColourStats: Sendable {
    /// Share of pixels at or below each luminance level (256 levels, the last is 1).
    var cumulative: [Double]
    var redGreen: (mean: Double, spread: Double)
    var yellowBlue: (mean: Double, spread: Double)

    /// The statistics of `image`, reading every `step`-th pixel.
    init(image: RGBImage, step: Int = 1) {
        var histogram = [Double](repeating: 0, count: 256)
        var sums = (0.0, 0.0, 0.0, 0.0), n = 0.0
        image.pixels.withUnsafeBufferPointer { px in
            for k in stride(from: 0, to: image.width * image.height, by: max(1, step)) {
                let r = Double(px[k * 3]), g = Double(px[k * 3 + 1]), b = Double(px[k * 3 + 2])
                histogram[min(255, Int((r + g + b) / 3))] += 1
                let a = r - g, y = (r + g) / 2 - b
                sums.0 += a; sums.1 += a * a; sums.2 += y; sums.3 += y * y
                n += 1
            }
        }
        var running = 0.0
        cumulative = histogram.map { running += $0; return running / max(n, 1) }
        let aMean = sums.0 / max(n, 1), yMean = sums.2 / max(n, 1)
        redGreen = (aMean, max(0, sums.1 / max(n, 1) - aMean * aMean).squareRoot())
        yellowBlue = (yMean, max(0, sums.3 / max(n, 1) - yMean * yMean).squareRoot())
    }

    /// The luminance level below which a share `p` of the pixels lie, interpolated.
    func level(at p: Double) -> Double {
        guard let upper = cumulative.firstIndex(where: { $0 >= p }) else { return 255 }
        return level(at: p, upper: upper)
    }

    /// ``level(at:)`` of each share in `shares`, which must not decrease: one sweep over the distribution instead of
    /// a search per share (a grade asks for 256 of them every frame).
    func levels(at shares: [Double]) -> [Double] {
        var upper = 0
        return shares.map { p in
            while upper < cumulative.count && cumulative[upper] < p { upper += 1 }
            return upper < cumulative.count ? level(at: p, upper: upper) : 255
        }
    }

    /// The level for share `p` whose first level at or above it is `upper`.
    @inline(__always)
    private func level(at p: Double, upper: Int) -> Double {
        guard upper > 0 else { return 0 }
        let below = cumulative[upper - 1], above = cumulative[upper]
        return Double(upper - 1) + (above > below ? (p - below) / (above - below) : 1)
    }
}
