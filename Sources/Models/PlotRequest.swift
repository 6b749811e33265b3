import DreamFrameCore
import Foundation

/// Level 1: write a movie's prior and its substories.
public struct PlotRequest: Codable, Sendable, Hashable {
    /// Seeds every random choice; the same request gives the same plot from a deterministic model.
    public var seed: UInt64
    /// A theme phrase such as "A love story about a duchess and a commoner"; nil lets the model pick.
    public var theme: String?
    /// How many substories to write.
    public var substoryCount: Int

    /// Creates a plot request.
    public init(seed: UInt64, theme: String?, substoryCount: Int) {
        self.seed = seed
        self.theme = theme
        self.substoryCount = substoryCount
    }
}
