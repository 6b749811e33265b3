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

    /// The colour statistics of the style's canonical frame, which every frame is graded toward (``StyleGrade``).
    let target: ColourStats
    /// The style's tone curve (``toneCurve(_:)``).
    let toneLUT: [UInt8]

    /// Creates the pass (rendering the style's small canonical frame once).
    public init(parameters: StyleParameters, seed: UInt64) {
        let toneLUT = Self.toneCurve(parameters)
        self.init(parameters: parameters, seed: seed,
                  constants: StyleConstants(target: Self.measureTarget(parameters, toneLUT: toneLUT), toneLUT: toneLUT))
    }

    /// Creates the pass for a frame of the style `vector`, whose grade target and tone curve are worked out once
    /// per style in this process (``BoundedMemo``): the same pass as ``init(parameters:seed:)``.
    init(vector: [Float], seed: UInt64) {
        let parameters = StyleParameters(vector: vector)
        self.init(parameters: parameters, seed: seed, constants: Self.constants.value(for: vector) {
            let toneLUT = Self.toneCurve(parameters)
            return StyleConstants(target: Self.measureTarget(parameters, toneLUT: toneLUT), toneLUT: toneLUT)
        })
    }

    private init(parameters: StyleParameters, seed: UInt64, constants: StyleConstants) {
        self.parameters = parameters
        self.seed = seed
        self.target = constants.target
        self.toneLUT = constants.toneLUT
    }

    /// What every frame of one style shares: its grade target and its tone curve.
    private struct StyleConstants: Sendable {
        let target: ColourStats
        let toneLUT: [UInt8]
    }

    /// The grade targets and tone curves of the styles this process rendered lately, by style vector.
    private static let constants = BoundedMemo<[Float], StyleConstants>(capacity: 256)

    /// The colour statistics of the style's canonical frame.
    private static func measureTarget(_ parameters: StyleParameters, toneLUT: [UInt8]) -> ColourStats {
        ColourStats(image: StyleApplier(unGraded: parameters, seed: 0, toneLUT: toneLUT).shaded(canonicalCanvas))
    }

    /// Returns the styled image: shaded by the style's parameters, then graded toward the style's colour statistics.
    /// `edgeDistances`, when given, are the canvas's ``edgeDistances(of:)`` (a canvas shaded in many styles measures
    /// them once); the image is the same either way.
    public func apply(to canvas: RenderCanvas, edgeDistances: [UInt8]? = nil) -> RGBImage {
        var image = shaded(canvas, edgeDistances: edgeDistances)
        StyleGrade(from: ColourStats(image: image, step: image.width * image.height > 20_000 ? 3 : 1), to: target)
            .apply(to: &image)
        return image
    }

    /// The scene every style is measured on for its grade: a square by day, two people talking, composed once.
    static let canonicalCanvas = FrameComposer().compose(
        FrameScene(location: "town square", appearances: [StyleTrainingScenes.man, StyleTrainingScenes.woman],
                   pose: .talk, expression: .calm), width: 64, height: 36, seed: 0)

    /// `canvas` shaded by `parameters` (palette, tone, texture and outlines in one pass), before the grade.
    static func shade(_ canvas: RenderCanvas, parameters: StyleParameters, seed: UInt64) -> RGBImage {
        StyleApplier(unGraded: parameters, seed: seed, toneLUT: toneCurve(parameters)).shaded(canvas)
    }

    private init(unGraded parameters: StyleParameters, seed: UInt64, toneLUT: [UInt8]) {
        self.parameters = parameters
        self.seed = seed
        self.toneLUT = toneLUT
        target = ColourStats(image: RGBImage(width: 1, height: 1))
    }

    /// The distances from each pixel of `canvas` to the nearest label boundary at the largest cap a style uses
    /// (``maximumEdgeCap``). A style's own distances are these capped at its cap: both chamfer passes commute with
    /// the cap (each takes a minimum with it), so `min(d, cap)` of these equals the distances measured at `cap`.
    static func edgeDistances(of canvas: RenderCanvas) -> [UInt8] {
        edgeDistance(labels: canvas.labels, width: canvas.width, height: canvas.height, cap: maximumEdgeCap)
    }

    /// The largest cap of a style's edge distances (its outline width plus two, at most this).
    static let maximumEdgeCap: UInt8 = 30

    private func shaded(_ canvas: RenderCanvas, edgeDistances: [UInt8]? = nil) -> RGBImage {
        let w = canvas.width, h = canvas.height
        let pass = StylePass(applier: self, width: w, height: h)
        let cap = UInt8(min(Double(Self.maximumEdgeCap), pass.outlineWidth + 2))
        let distances = edgeDistances.flatMap { $0.count == w * h ? $0.map { min($0, cap) } : nil }
            ?? Self.edgeDistance(labels: canvas.labels, width: w, height: h, cap: cap)
        let lut = toneLUT
        var out = canvas.image
        out.pixels.withUnsafeMutableBufferPointer { px in
            canvas.labels.withUnsafeBufferPointer { labels in
                distances.withUnsafeBufferPointer { distances in
                    lut.withUnsafeBufferPointer { lut in
                        for y in 0..<h {
                            for x in 0..<w {
                                let k = y * w + x, i = k * 3
                                let (r, g, b) = pass.shade(px[i], px[i + 1], px[i + 2], label: labels[k],
                                                           edgeDistance: distances[k], x: x, y: y)
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

    /// The tone-curve entry for a channel value (clamped to 0...1).
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

    /// The product of two 3x3 matrices in row-major order.
    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var m = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { for k in 0..<3 { m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c] } } }
        return m
    }

    /// 1024-entry tone curve: gamma then a blend toward 4 posterised levels.
    static func toneCurve(_ parameters: StyleParameters) -> [UInt8] {
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
