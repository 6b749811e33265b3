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
    /// Where this movie falls in its batch's mix, in 0..<1 (a low-discrepancy sequence over the batch), or nil. A model
    /// that draws the genre by the paper's weights takes it instead of a random draw, so a batch of any size follows
    /// the weights closely; a model that chooses otherwise ignores it.
    public var mixPosition: Double?

    /// Creates a plot request.
    public init(seed: UInt64, theme: String?, substoryCount: Int, mixPosition: Double? = nil) {
        self.seed = seed
        self.theme = theme
        self.substoryCount = substoryCount
        self.mixPosition = mixPosition
    }
}
