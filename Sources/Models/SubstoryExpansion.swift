import DreamFrameCore
import Foundation

/// Level 2 answer: tinystories and one QA pair.
public struct SubstoryExpansion: Codable, Sendable, Hashable {
    /// The tinystories, in story order.
    public var tinystories: [Tinystory]
    /// One QA pair asked from the tinystories.
    public var qa: QAPair

    /// Creates an expansion.
    public init(tinystories: [Tinystory], qa: QAPair) {
        self.tinystories = tinystories
        self.qa = qa
    }
}
