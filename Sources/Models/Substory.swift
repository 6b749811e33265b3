import DreamFrameCore
import Foundation

/// A level-1 substory: its scene, its content and one QA pair.
public struct Substory: Codable, Sendable, Hashable {
    /// Position in the movie, from 0.
    public var index: Int
    /// 1-3 locations taken from the movie's locations.
    public var scene: [String]
    /// What happens, in a few sentences.
    public var content: String
    /// One QA pair asked from the content.
    public var qa: QAPair

    /// Creates a substory.
    public init(index: Int, scene: [String], content: String, qa: QAPair) {
        self.index = index
        self.scene = scene
        self.content = content
        self.qa = qa
    }
}
