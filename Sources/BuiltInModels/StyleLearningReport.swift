import Models
import Imaging
import DreamFrameCore
import Foundation

/// How a built-in style learning run went, for CLI reporting.
public struct StyleLearningReport: Codable, Sendable, Hashable {
    /// Style loss at the initial vector.
    public var lossInitial: Double
    /// Style loss at the learned vector.
    public var lossFinal: Double
    /// Mean feature distance from a held-out render (initial vector) to the references.
    public var distanceUntrained: Double
    /// Mean feature distance from the same held-out render (learned vector) to the references.
    public var distanceTrained: Double
    /// Optimisation steps taken.
    public var steps: Int
    /// Number of reference images learned from.
    public var referenceCount: Int
    /// True when the references were rendered from the style description.
    public var referencesSynthesized: Bool

    /// Creates a report.
    public init(lossInitial: Double, lossFinal: Double, distanceUntrained: Double, distanceTrained: Double,
                steps: Int, referenceCount: Int, referencesSynthesized: Bool) {
        self.lossInitial = lossInitial
        self.lossFinal = lossFinal
        self.distanceUntrained = distanceUntrained
        self.distanceTrained = distanceTrained
        self.steps = steps
        self.referenceCount = referenceCount
        self.referencesSynthesized = referencesSynthesized
    }
}
