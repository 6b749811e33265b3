import DreamFrameCore
import Foundation

/// A level-2 tinystory inside a substory.
public struct Tinystory: Codable, Sendable, Hashable {
    /// Position in its substory, from 0.
    public var index: Int
    /// The location the tinystory happens at.
    public var location: String
    /// What happens, in a few sentences.
    public var content: String

    /// Creates a tinystory.
    public init(index: Int, location: String, content: String) {
        self.index = index
        self.location = location
        self.content = content
    }
}
