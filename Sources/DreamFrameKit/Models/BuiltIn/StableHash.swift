import Foundation

/// Stable (process-independent) hashing used to derive sub-seeds and deterministic choices from text.
public enum StableHash {
    /// 64-bit FNV-1a of the string's UTF-8 bytes.
    public static func fnv1a(_ text: String, basis: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var h = basis
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Mixes a seed with labels into a new well-distributed 64-bit seed.
    public static func derive(_ seed: UInt64, _ labels: [String]) -> UInt64 {
        var h = mix(seed)
        for label in labels {
            h = mix(h ^ fnv1a(label))
            h = mix(h &+ 0x632B_E59B_D9B4_E019)
        }
        return h
    }

    /// A SplitMix64-style finaliser.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A deterministic unit Double in `0..<1` for a text key.
    public static func unit(_ text: String) -> Double {
        Double(mix(fnv1a(text)) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
