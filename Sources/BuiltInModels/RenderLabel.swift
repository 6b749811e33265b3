import Foundation

/// Semantic classes written alongside colours while composing a frame; the style pass uses them for outlines and
/// per-class tints.
public enum RenderLabel: UInt8, Sendable, CaseIterable {
    /// Sky, and the back wall indoors.
    case sky = 0
    /// Ground and floor.
    case ground
    /// Buildings, landmarks, furniture and props, and hair and hats.
    case structure
    /// Clothes, trousers and shoes.
    case clothing
    /// Faces and hands.
    case skin
}
