import Foundation

/// Stable (process-independent) hashing: sub-seeds, deterministic choices and content digests. Unlike Swift's
/// `Hasher`, which is randomised per process, the same input gives the same value in every process and release.
public enum StableHash {
    /// The FNV-1a 64-bit offset basis.
    public static let fnvBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3
    private static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// 64-bit FNV-1a of `bytes`.
    public static func fnv1a<Bytes: Sequence>(_ bytes: Bytes, basis: UInt64 = fnvBasis) -> UInt64
    where Bytes.Element == UInt8 {
        var h = basis
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* fnvPrime
        }
        return h
    }

    /// 64-bit FNV-1a of the string's UTF-8 bytes.
    public static func fnv1a(_ text: String, basis: UInt64 = fnvBasis) -> UInt64 {
        fnv1a(text.utf8, basis: basis)
    }

    /// A content digest of `data` as 16 hex digits.
    public static func hexDigest(_ data: Data) -> String {
        hex(fnv1a(data))
    }

    /// A 64-bit value as 16 lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    /// A SplitMix64 finaliser: a well-distributed 64-bit value from any 64-bit value.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ golden
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The sub-seed of `seed` for `label` and `index` (a movie's n-th substory, a substory's n-th tinystory, …).
    public static func subSeed(_ seed: UInt64, _ label: String, _ index: Int = 0) -> UInt64 {
        mix(fnv1a(label, basis: fnvBasis ^ seed) ^ (UInt64(bitPattern: Int64(index)) &* golden))
    }

    /// Mixes a seed with a chain of labels into a new seed (for generators that branch on several names).
    public static func derive(_ seed: UInt64, _ labels: [String]) -> UInt64 {
        var h = mix(seed)
        for label in labels {
            h = mix(h ^ fnv1a(label))
            h = mix(h &+ 0x632B_E59B_D9B4_E019)
        }
        return h
    }

    /// A deterministic unit Double in `0..<1` for a text key.
    public static func unit(_ text: String) -> Double {
        Double(mix(fnv1a(text)) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }
}
