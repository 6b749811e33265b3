import Models
import Imaging
import DreamFrameCore
import Foundation

/// The rendering parameters a style embedding's vector decodes to (palette, texture, line).
///
/// Every field is a smooth bounded function of one vector entry, so the style learner can optimise the raw vector
/// freely; the zero vector is a neutral, lightly outlined look.
public struct StyleParameters: Sendable {
    /// Size of the embedding vector the built-in backends use.
    public static let dimension = 32

    /// Hue rotation in radians.
    public var hueShift: Double
    /// Chroma multiplier.
    public var saturation: Double
    /// Contrast multiplier around mid grey.
    public var contrast: Double
    /// Added brightness.
    public var brightness: Double
    /// Red-up / blue-down shift.
    public var warmth: Double
    /// Global additive tint (r, g, b).
    public var tint: (Double, Double, Double)
    /// Blue/purple push in the shadows.
    public var splitTone: Double
    /// Grain amplitude.
    public var noise: Double
    /// Hatching strength in darker areas.
    public var hatching: Double
    /// Hatching period as a fraction of the image width.
    public var hatchPeriod: Double
    /// Blend toward a 4-level posterised image.
    public var posterize: Double
    /// Outline width in units of (image width / 256) pixels.
    public var outlineWidth: Double
    /// Outline opacity.
    public var outlineDarkness: Double
    /// Corner darkening.
    public var vignette: Double
    /// Tone curve exponent.
    public var gamma: Double
    /// Additive tint per ``RenderLabel`` (5 x rgb).
    public var classTint: [Double]

    /// Decodes a vector (missing entries count as 0, extra entries are ignored).
    public init(vector: [Float]) {
        func v(_ i: Int) -> Double { i < vector.count ? Double(vector[i]) : 0 }
        func sig(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        hueShift = tanh(v(0)) * Double.pi * 0.6
        saturation = exp(0.9 * tanh(v(1)))
        contrast = exp(0.6 * tanh(v(2)))
        brightness = 0.22 * tanh(v(3))
        warmth = 0.18 * tanh(v(4))
        tint = (0.15 * tanh(v(5)), 0.15 * tanh(v(6)), 0.15 * tanh(v(7)))
        splitTone = 0.2 * tanh(v(8))
        noise = 0.16 * sig(2 * v(9) - 1.5)
        hatching = 0.45 * sig(2 * v(10) - 2)
        hatchPeriod = 0.01 + 0.025 * sig(v(11))
        posterize = sig(2.5 * v(12) - 2)
        outlineWidth = 3.0 * sig(1.5 * v(13))
        outlineDarkness = sig(2 * v(14))
        vignette = 0.6 * sig(2 * v(15) - 1)
        gamma = exp(0.5 * tanh(v(16)))
        classTint = (0..<15).map { 0.14 * tanh(v(17 + $0)) }
    }
}
