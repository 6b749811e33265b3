import Models
import Imaging
import DreamFrameCore
import Foundation

/// Applies ``StyleParameters`` to a composed ``RenderCanvas``: palette, tone, texture and outlines in one pass.
///
/// The pass is deterministic for a given seed and works on raw buffers (no per-pixel closures).
public struct StyleApplier: Sendable {
    /// The decoded style.
    public var parameters: StyleParameters
    /// Seeds the grain pattern.
    public var seed: UInt64

    /// Creates the pass.
    public init(parameters: StyleParameters, seed: UInt64) {
        self.parameters = parameters
        self.seed = seed
    }

    /// Returns the styled image.
    public func apply(to canvas: RenderCanvas) -> RGBImage {
        let w = canvas.width, h = canvas.height
        let p = parameters
        let unit = Double(w) / 256
        let outlinePx = p.outlineWidth * unit
        let dist = Self.edgeDistance(labels: canvas.labels, width: w, height: h, cap: UInt8(min(30, outlinePx + 2)))
        let matrix = colourMatrix()
        let lut = toneCurve()
        let period = max(2.0, p.hatchPeriod * Double(w))
        let seedBits = UInt32(truncatingIfNeeded: seed ^ (seed >> 32))
        var out = canvas.image
        let classTint = p.classTint
        let ct0 = p.tint.0, ct1 = p.tint.1, ct2 = p.tint.2
        let cx = Double(w) / 2, cy = Double(h) / 2
        let invR2 = 1 / (cx * cx + cy * cy)
        out.pixels.withUnsafeMutableBufferPointer { px in
            canvas.labels.withUnsafeBufferPointer { lab in
                dist.withUnsafeBufferPointer { dst in
                    lut.withUnsafeBufferPointer { lut in
                        for y in 0..<h {
                            let dy = Double(y) - cy
                            for x in 0..<w {
                                let k = y * w + x, i = k * 3
                                let l = Int(lab[k]) * 3
                                var r = Double(px[i]) / 255 + classTint[l] + ct0
                                var g = Double(px[i + 1]) / 255 + classTint[l + 1] + ct1
                                var b = Double(px[i + 2]) / 255 + classTint[l + 2] + ct2
                                let nr = matrix[0] * r + matrix[1] * g + matrix[2] * b
                                let ng = matrix[3] * r + matrix[4] * g + matrix[5] * b
                                let nb = matrix[6] * r + matrix[7] * g + matrix[8] * b
                                r = (nr - 0.5) * p.contrast + 0.5 + p.brightness + p.warmth
                                g = (ng - 0.5) * p.contrast + 0.5 + p.brightness
                                b = (nb - 0.5) * p.contrast + 0.5 + p.brightness - p.warmth
                                let lum = 0.3 * r + 0.59 * g + 0.11 * b
                                if p.splitTone != 0, lum < 0.6 {
                                    let s = p.splitTone * (0.6 - lum)
                                    r -= 0.4 * s; b += s
                                }
                                // Hatching in darker areas: diagonal lines, crossed in the darkest.
                                if p.hatching > 0.01, lum < 0.65 {
                                    let d1 = (Double(x + y)).truncatingRemainder(dividingBy: period)
                                    var shade = d1 < period * 0.4 ? 1.0 : 0.0
                                    if lum < 0.35 {
                                        let d2 = (Double(x - y + 4096)).truncatingRemainder(dividingBy: period)
                                        if d2 < period * 0.4 { shade = 1 }
                                    }
                                    let f = 1 - p.hatching * shade * (0.65 - lum) * 1.6
                                    r *= f; g *= f; b *= f
                                }
                                if p.noise > 0.002 {
                                    var hsh = UInt32(truncatingIfNeeded: x &* 73_856_093) ^ UInt32(truncatingIfNeeded: y &* 19_349_663) ^ seedBits
                                    hsh = (hsh ^ (hsh >> 15)) &* 0x2C1B_3C6D
                                    hsh = (hsh ^ (hsh >> 12)) &* 0x297A_2D39
                                    hsh ^= hsh >> 15
                                    let n = (Double(hsh & 0xFFFF) / 65535 - 0.5) * 2 * p.noise
                                    r += n; g += n; b += n
                                }
                                if p.vignette > 0.001 {
                                    let dx = Double(x) - cx
                                    let v = 1 - p.vignette * (dx * dx + dy * dy) * invR2
                                    r *= v; g *= v; b *= v
                                }
                                let dd = Double(dst[k])
                                if dd < outlinePx {
                                    let a = p.outlineDarkness * min(1, outlinePx - dd)
                                    r *= 1 - 0.85 * a; g *= 1 - 0.85 * a; b *= 1 - 0.85 * a
                                }
                                px[i] = lut[Self.index(r)]
                                px[i + 1] = lut[Self.index(g)]
                                px[i + 2] = lut[Self.index(b)]
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    @inline(__always)
    static func index(_ v: Double) -> Int {
        v <= 0 ? 0 : (v >= 1 ? 1023 : Int(v * 1023))
    }

    /// A 3x3 RGB matrix applying hue rotation and saturation in YIQ space.
    func colourMatrix() -> [Double] {
        let toYIQ: [Double] = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312]
        let toRGB: [Double] = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703]
        let c = cos(parameters.hueShift) * parameters.saturation, s = sin(parameters.hueShift) * parameters.saturation
        let rot: [Double] = [1, 0, 0, 0, c, -s, 0, s, c]
        return Self.multiply(toRGB, Self.multiply(rot, toYIQ))
    }

    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var m = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { for k in 0..<3 { m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c] } } }
        return m
    }

    /// 1024-entry tone curve: gamma then a blend toward 4 posterised levels.
    func toneCurve() -> [UInt8] {
        (0..<1024).map { i in
            let v = pow(Double(i) / 1023, parameters.gamma)
            let q = (v * 3).rounded() / 3
            let o = v * (1 - parameters.posterize) + q * parameters.posterize
            return UInt8(max(0, min(255, (o * 255).rounded())))
        }
    }

    /// Chebyshev-ish distance (two-pass chamfer) from each pixel to the nearest label boundary, capped at `cap`.
    static func edgeDistance(labels: [UInt8], width w: Int, height h: Int, cap: UInt8) -> [UInt8] {
        var d = [UInt8](repeating: cap, count: w * h)
        labels.withUnsafeBufferPointer { lab in
            d.withUnsafeMutableBufferPointer { d in
                for y in 0..<h {
                    for x in 0..<w {
                        let k = y * w + x, l = lab[k]
                        if (x + 1 < w && lab[k + 1] != l) || (y + 1 < h && lab[k + w] != l) { d[k] = 0 }
                    }
                }
                for y in 0..<h {
                    for x in 0..<w {
                        let k = y * w + x
                        var m = d[k]
                        if x > 0 { m = min(m, d[k - 1] &+ 1) }
                        if y > 0 {
                            m = min(m, d[k - w] &+ 1)
                            if x > 0 { m = min(m, d[k - w - 1] &+ 1) }
                            if x + 1 < w { m = min(m, d[k - w + 1] &+ 1) }
                        }
                        d[k] = min(m, cap)
                    }
                }
                for y in stride(from: h - 1, through: 0, by: -1) {
                    for x in stride(from: w - 1, through: 0, by: -1) {
                        let k = y * w + x
                        var m = d[k]
                        if x + 1 < w { m = min(m, d[k + 1] &+ 1) }
                        if y + 1 < h {
                            m = min(m, d[k + w] &+ 1)
                            if x + 1 < w { m = min(m, d[k + w + 1] &+ 1) }
                            if x > 0 { m = min(m, d[k + w - 1] &+ 1) }
                        }
                        d[k] = m
                    }
                }
            }
        }
        return d
    }
}
