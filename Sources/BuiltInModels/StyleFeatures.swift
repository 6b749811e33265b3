import Models
import Imaging
import DreamFrameCore
import Foundation

/// A small, fixed-length style descriptor of an image: colour statistics, a soft luminance histogram, a hue
/// histogram, gradient energy and a 3x3 Gram matrix of simple filter responses.
///
/// Images are first box-resized to ``canonicalWidth`` x ``canonicalHeight`` so references of any size compare fairly.
public struct StyleFeatures: Sendable, Hashable {
    /// Width images are resized to before extraction.
    public static let canonicalWidth = 64
    /// Height images are resized to before extraction.
    public static let canonicalHeight = 36
    /// Per-feature weights of the distance (groups: colour, histogram, hue, texture, Gram).
    static let weights: [Double] = [3, 3, 3, 2, 2, 2] + Array(repeating: 1.5, count: 8) + Array(repeating: 1.5, count: 6)
        + [2, 2] + [4, 4, 4] + Array(repeating: 3, count: 6)

    /// The 31 feature values.
    public var values: [Double]

    /// Wraps precomputed values.
    public init(values: [Double]) { self.values = values }

    /// Extracts the features of `image`.
    public init(image: RGBImage) {
        let img = (image.width == Self.canonicalWidth && image.height == Self.canonicalHeight)
            ? image : image.resized(width: Self.canonicalWidth, height: Self.canonicalHeight)
        let (colour, luminance) = Self.colourFeatures(of: img)
        values = colour + Self.textureFeatures(luminance: luminance, width: img.width, height: img.height)
    }

    /// The 22 colour features (mean and spread of luminance and two opponent channels, an 8-bin soft luminance
    /// histogram, a 6-bin hue histogram weighted by chroma, mean and spread of chroma) and the per-pixel luminance.
    static func colourFeatures(of img: RGBImage) -> (values: [Double], luminance: [Double]) {
        let w = img.width, h = img.height, n = Double(w * h)
        var L = [Double](repeating: 0, count: w * h)
        var sum = [0.0, 0.0, 0.0], sq = [0.0, 0.0, 0.0]
        var hist = [Double](repeating: 0, count: 8), hue = [Double](repeating: 0, count: 6)
        var satSum = 0.0, satSq = 0.0
        img.pixels.withUnsafeBufferPointer { px in
            for k in 0..<(w * h) {
                let r = Double(px[k * 3]) / 255, g = Double(px[k * 3 + 1]) / 255, b = Double(px[k * 3 + 2]) / 255
                let l = (r + g + b) / 3, a = r - g, bb = (r + g) / 2 - b
                L[k] = l
                sum[0] += l; sum[1] += a; sum[2] += bb
                sq[0] += l * l; sq[1] += a * a; sq[2] += bb * bb
                // Soft (triangular) luminance bins.
                let pos = l * 7, i0 = min(6, Int(pos)), t = pos - Double(i0)
                hist[i0] += 1 - t; hist[i0 + 1] += t
                let mx = max(r, g, b), mn = min(r, g, b), chroma = mx - mn
                satSum += chroma; satSq += chroma * chroma
                if chroma > 1e-6 {
                    var hh: Double
                    if mx == r { hh = (g - b) / chroma } else if mx == g { hh = 2 + (b - r) / chroma } else { hh = 4 + (r - g) / chroma }
                    if hh < 0 { hh += 6 }
                    let j0 = Int(hh) % 6, tt = hh - Double(Int(hh))
                    hue[j0] += chroma * (1 - tt); hue[(j0 + 1) % 6] += chroma * tt
                }
            }
        }
        var v: [Double] = []
        for c in 0..<3 { v.append(sum[c] / n) }
        for c in 0..<3 { v.append((max(0, sq[c] / n - (sum[c] / n) * (sum[c] / n))).squareRoot()) }
        v += hist.map { $0 / n }
        v += hue.map { $0 / n }
        let sm = satSum / n
        v += [sm, max(0, satSq / n - sm * sm).squareRoot()]
        return (v, L)
    }

    /// The 9 texture features of a luminance image: mean absolute responses of the x and y gradients and a
    /// Laplacian, and the signed square roots of their 3x3 Gram matrix (6 distinct entries).
    static func textureFeatures(luminance: [Double], width w: Int, height h: Int) -> [Double] {
        var gx = 0.0, gy = 0.0, lap = 0.0
        var gram = [Double](repeating: 0, count: 6)
        var count = 0.0
        luminance.withUnsafeBufferPointer { L in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    let k = y * w + x
                    let dx = L[k + 1] - L[k - 1], dy = L[k + w] - L[k - w]
                    let lp = 4 * L[k] - L[k - 1] - L[k + 1] - L[k - w] - L[k + w]
                    gx += abs(dx); gy += abs(dy); lap += abs(lp)
                    gram[0] += dx * dx; gram[1] += dy * dy; gram[2] += lp * lp
                    gram[3] += dx * dy; gram[4] += dx * lp; gram[5] += dy * lp
                    count += 1
                }
            }
        }
        return [gx / count, gy / count, lap / count]
            + gram.map { g in let s = g / count; return (s < 0 ? -1.0 : 1.0) * abs(s).squareRoot() }
    }

    /// Weighted Euclidean distance between two descriptors.
    public static func distance(_ a: StyleFeatures, _ b: StyleFeatures) -> Double {
        squaredDistance(a.values, b.values).squareRoot()
    }

    /// Weighted squared distance between two raw feature vectors.
    public static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<min(a.count, b.count) {
            let d = a[i] - b[i]
            s += weights[min(i, weights.count - 1)] * d * d
        }
        return s
    }

    /// The element-wise mean of several descriptors.
    public static func mean(_ list: [StyleFeatures]) -> [Double] {
        guard let first = list.first else { return [] }
        var m = [Double](repeating: 0, count: first.values.count)
        for f in list { for i in 0..<m.count { m[i] += f.values[i] } }
        return m.map { $0 / Double(list.count) }
    }
}
