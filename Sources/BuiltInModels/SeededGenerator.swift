import Models
import Imaging
import DreamFrameCore
import Foundation

/// A deterministic SplitMix64 random number generator.
///
/// Unlike `SystemRandomNumberGenerator` (and Swift's per-process randomised `Hasher`), the same seed and labels always
/// produce the same sequence on every machine and in every process, which the built-in backends rely on.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a raw seed.
    public init(seed: UInt64) {
        state = seed ^ 0x9E37_79B9_7F4A_7C15
    }

    /// Creates a generator whose seed is derived from `seed` and a list of labels (e.g. `["plot", theme]`).
    public init(seed: UInt64, labels: [String]) {
        self.init(seed: StableHash.derive(seed, labels))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform Int in `0..<upperBound` (`upperBound` must be positive).
    public mutating func index(_ upperBound: Int) -> Int {
        Int(next() % UInt64(max(upperBound, 1)))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[index(items.count)]
    }

    /// An index drawn with probability proportional to `weights`.
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = unit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }

    /// `count` distinct elements of `items` in random order (fewer if `items` is shorter).
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var out: [T] = []
        while out.count < count, !pool.isEmpty {
            out.append(pool.remove(at: index(pool.count)))
        }
        return out
    }

    /// A standard normal sample (Box-Muller).
    public mutating func gaussian() -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
