import Foundation

/// Derives stable sub-seeds from a seed and labels (FNV-1a then SplitMix64 finalisation), identical in every
/// process — unlike Swift's `Hasher`, which is randomised per process.
public enum SeedMixer {
    public static func mix(_ seed: UInt64, _ label: String, _ index: Int = 0) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
