import Foundation

/// The facial expressions the built-in story model writes and the built-in renderer draws.
public enum FacialExpression: String, Sendable, CaseIterable {
    /// The ten faces, in the order the story model draws them from.
    case happy, sad, angry, surprised, fearful, calm, determined, worried, thoughtful, tender

    /// The expression a word names, in any case. A word the renderer cannot draw ("nervous") reads as calm, which is
    /// how the renderer draws any face it has no shape for.
    public init(word: String) {
        self = FacialExpression(rawValue: word.lowercased()) ?? .calm
    }

    /// Surprised and fearful faces have wide eyes and an open mouth.
    var isWideEyed: Bool { self == .surprised || self == .fearful }
}
